#!/usr/bin/env python3
"""The Authorization header botocore (AWS's own Python SDK) computes for a request, as the independent reference for
tao's SigV4 signer. Input on stdin as JSON: method, url, headers, body (text), access_key, secret_key, region,
timestamp (YYYYMMDDTHHMMSSZ). Prints the header."""
import datetime
import json
import sys

import botocore.auth
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
moment = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
botocore.auth.get_current_datetime = lambda: moment
request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode(), headers=spec["headers"])
S3SigV4Auth(Credentials(spec["access_key"], spec["secret_key"]), "s3", spec["region"]).add_auth(request)
print(request.headers["Authorization"])
