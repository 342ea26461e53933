import MicrogradLab
/// `bytes` in Base64 (RFC 4648, section 4: the standard alphabet, `=` padding, no line breaks),
/// as a `data:` URI needs it: three bytes become four characters of 64.
package func base64Encoded(_ bytes: some Collection<UInt8>) -> String {
  let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  var output: [UInt8] = []
  output.reserveCapacity((bytes.count + 2) / 3 * 4)
  var iterator = bytes.makeIterator()
  while let a = iterator.next() {
    let b = iterator.next(), c = iterator.next()
    let group = UInt32(a) << 16 | UInt32(b ?? 0) << 8 | UInt32(c ?? 0)
    output.append(alphabet[Int(group >> 18 & 63)])
    output.append(alphabet[Int(group >> 12 & 63)])
    output.append(b == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
    output.append(c == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
  }
  return String(decoding: output, as: UTF8.self)
}
