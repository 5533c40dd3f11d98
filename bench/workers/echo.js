// JSON echo: parse the request body and send it back.
export default {
  async fetch(request) {
    const body = await request.json();
    return Response.json(body);
  },
};
