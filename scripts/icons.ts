// `npm run icons`: renders public/favicon.svg (the one drawn source of the app's icon) into the
// raster files browsers and phones ask for: public/apple-touch-icon.png (180 x 180, square and
// opaque: iOS rounds the corners itself) and public/favicon.ico (a 32 x 32 PNG inside an ICO,
// for clients that ask for /favicon.ico without reading the page). Chromium draws the SVG, so
// the PNGs are exactly what a browser shows.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";

const SOURCE = "public/favicon.svg";

async function render(browser: Browser, svg: string, size: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  try {
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    await page.setContent(
      `<body style="margin:0"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body>`,
    );
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await page.close();
  }
}

/** An ICO file holding one PNG image (allowed since Windows Vista, read by every browser). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18); // the image starts right after this directory
  return Buffer.concat([header, png]);
}

async function main(): Promise<void> {
  const svg = readFileSync(SOURCE, "utf8");
  // The touch icon fills its square; the platform, not the image, rounds the corners.
  const square = svg.replace(/(<rect id="tile"[^>]*?) rx="[^"]*"/, "$1");
  if (square === svg) throw new Error(`${SOURCE}: no <rect id="tile" rx=...> to square off`);
  const browser = await chromium.launch({
    executablePath: process.env.KEYWARD_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    writeFileSync("public/apple-touch-icon.png", await render(browser, square, 180));
    writeFileSync("public/favicon.ico", icoOf(await render(browser, svg, 32), 32));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
