/**
 * A JSON API with routing by Hono (https://hono.dev), bundled from node_modules.
 *
 *   GET  /              a greeting
 *   GET  /api/items     list items
 *   GET  /api/items/:id one item (404 if missing)
 *   POST /api/items     add one: {"name": "..."}
 */
import { Hono } from "hono";
import { cors } from "hono/cors";

type Item = { id: number; name: string };
const items: Item[] = [
  { id: 1, name: "first" },
  { id: 2, name: "second" },
];

const app = new Hono<{ Bindings: Env }>();

app.use("/api/*", cors());

app.get("/", (c) => c.text(`Hello from {{name}} (API ${c.env.API_VERSION})\n`));

app.get("/api/items", (c) => c.json(items));

app.get("/api/items/:id", (c) => {
  const item = items.find((i) => i.id === Number(c.req.param("id")));
  return item ? c.json(item) : c.json({ error: "not found" }, 404);
});

app.post("/api/items", async (c) => {
  const { name } = await c.req.json<{ name?: string }>();
  if (!name) return c.json({ error: "name is required" }, 400);
  const item = { id: items.length + 1, name };
  items.push(item);
  return c.json(item, 201);
});

export default app;
