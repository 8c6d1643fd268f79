// Test helpers for our PDFs: the CJK font read from disk (the worker fetches it from the bundle)
// and each page's text as pdf.js extracts it. Only imported by *.test.ts files.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PdfFonts } from '../documents/pdf';

export async function readPdfFonts(): Promise<PdfFonts> {
  const require = createRequire(import.meta.url);
  const file = (weight: string) =>
    require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
  const [regular, bold] = await Promise.all([
    readFile(file('400Regular')),
    readFile(file('700Bold')),
  ]);
  return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
}

export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages;
}
