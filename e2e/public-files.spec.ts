// public/: the app's icon and robots.txt are served to anyone, signed in or not, with the
// content type a browser or a crawler needs, and every page links the icons.
import { expect, test } from "@playwright/test";

test("robots.txt disallows everything: an admin app is not for search engines", async ({ request }) => {
  const response = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
  expect((await response.text()).split("\n")).toEqual(expect.arrayContaining(["User-agent: *", "Disallow: /"]));
});

test("the icons are served signed out, as SVG, PNG (180 x 180) and ICO", async ({ request }) => {
  const svg = await request.get("/favicon.svg", { maxRedirects: 0 });
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  expect(await svg.text()).toContain("<svg");

  const touch = await request.get("/apple-touch-icon.png", { maxRedirects: 0 });
  expect(touch.status()).toBe(200);
  expect(touch.headers()["content-type"]).toBe("image/png");
  const png = await touch.body();
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  // IHDR: width and height, big-endian, right after the signature and the chunk header.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([180, 180]);

  const ico = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
});

test("the sign-in page links the icons and asks not to be indexed", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"][href="/favicon.svg"]')).toHaveAttribute("type", "image/svg+xml");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
});
