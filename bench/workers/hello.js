// The same hello-world module worker for every runtime in the comparison.
export default {
  fetch() {
    return new Response("Hello World\n", { headers: { "content-type": "text/plain" } });
  },
};
