/// Stops the program with `message` when `condition` is false.
///
/// Like `precondition`, for programmer errors (a wrong input count, a negative standard
/// deviation), but the message is kept in optimized builds too: Swift's `precondition`
/// drops it with `-O`, and a learner running an example in release deserves to read
/// which argument was wrong.
@inlinable
package func require(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { fatalError(message(), file: file, line: line) }
}
