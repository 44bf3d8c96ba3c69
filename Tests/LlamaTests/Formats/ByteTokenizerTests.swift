import Llama
import Testing

@Suite("ByteTokenizer and streaming decode")
struct ByteTokenizerTests {
    let tokenizer = ByteTokenizer()

    @Test func roundTripsAnyText() {
        for text in ["", "hello", "naïve 日本語 😀👨‍👩‍👧", "\u{0}\t\r\n", String(repeating: "ab", count: 1000)] {
            let ids = tokenizer.encode(text)
            #expect(ids.count == text.utf8.count)
            #expect(ids.allSatisfy { (0..<256).contains($0) })
            #expect(tokenizer.decode(ids) == text)
        }
    }

    @Test func specialTokens() {
        #expect(tokenizer.vocabSize == 259)
        #expect(tokenizer.bosTokenId == 256)
        #expect(tokenizer.eosTokenId == 257)
        #expect(tokenizer.padTokenId == 258)
        #expect(tokenizer.tokenId(for: "<|eos|>") == 257)
        let ids = tokenizer.encode("<|bos|>hi<|eos|><|x|>")
        #expect(ids == [256, 104, 105, 257] + Array("<|x|>".utf8).map(Int.init))
        #expect(tokenizer.decode(ids) == "<|bos|>hi<|eos|><|x|>")
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == "hi<|x|>")
        #expect(tokenizer.encode("hi", addingSpecialTokens: true) == [256, 104, 105])
        #expect(tokenizer.encode("hi", bos: false) == [104, 105])
        #expect(tokenizer.isEndOfSequence(257))
    }

    @Test func streamDecoderHoldsBackSplitCharacters() {
        var stream = TokenStreamDecoder(tokenizer: tokenizer)
        let ids = tokenizer.encode("a😀é")  // 1 + 4 + 2 bytes
        var pieces: [String] = []
        for id in ids { pieces.append(stream.append([id])) }
        #expect(pieces == ["a", "", "", "", "😀", "", "é"])
        #expect(stream.finish() == "")
        _ = stream.append([0xF0, 0x9F])  // an emoji cut short
        #expect(stream.finish() == "\u{FFFD}")
    }
}
