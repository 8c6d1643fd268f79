// A photo taken on a checklist item is printed in the delivery confirmation PDF, captioned with
// its item and downscaled: a 2000×1500 camera picture goes in at 1200×900.

import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { pdfPagesText } from '../../renderer/test-support/pdf-text';
import { DeliveryScreens } from './pages/delivery';

// A checklist has some thirty items to tick, one click each.
test.describe.configure({ timeout: 180_000 });

/** A PNG of one colour, made here (no fixture file): RGB, no filter, zlib-compressed. */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a checklist photo is printed in the confirmation PDF with its item as caption', async ({
  page,
}) => {
  test.slow();
  await page.clock.install({ time: new Date('2026-11-24T09:00:00+08:00') });
  const screens = new DeliveryScreens(page);
  await screens.startDelivery({ name: '周敏', phone: '13611112222' });

  // The photo of the handover, as a camera would hand it over.
  const handover = screens.item('交车合影');
  await handover.getByTestId('photo-input').setInputFiles({
    name: 'handover.png',
    mimeType: 'image/png',
    buffer: solidPng(2000, 1500, [40, 110, 190]),
  });
  await expect(handover.getByRole('img', { name: '交车合影' })).toBeVisible();

  await screens.tickAllExcept([]);
  await screens.sign();
  await screens.complete();
  await page.getByRole('dialog').getByRole('button', { name: '完成交车' }).click();
  await expect(page.getByText('周敏 的交车已完成')).toBeVisible({ timeout: 30_000 });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '保存交车确认单（PDF）' }).click();
  const bytes = new Uint8Array(await readFile(await (await download).path()));
  const text = (await pdfPagesText(bytes)).join(' ');
  const section = text.indexOf('交车照片');
  expect(section).toBeGreaterThan(-1);
  expect(text.slice(section)).toContain('交车合影');
  expect(text).not.toContain('无法读取');
  // The photo went in downscaled to 1200 px on its long side (the signature is the other image).
  const pdf = Buffer.from(bytes).toString('latin1');
  expect(pdf).toMatch(/\/Width 1200\s*\/Height 900/);
});
