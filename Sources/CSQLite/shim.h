// SQLite's C API. Only the Tasks module's internal SQLite layer imports this.
#include <sqlite3.h>
