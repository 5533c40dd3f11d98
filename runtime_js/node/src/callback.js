// Node.js's callback APIs run their work on a thread pool and call back later:
// here the work runs now and the callback a tick later, with (error) or (null, result).
module.exports = function callLater(callback, work) {
  let result;
  let error = null;
  try {
    result = work();
  } catch (err) {
    error = err;
  }
  setTimeout(() => (error ? callback(error) : callback(null, result)), 0);
};
