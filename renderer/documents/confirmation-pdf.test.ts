// The delivery confirmation, built with pdfmake and the embedded CJK font, read back with pdf.js.

import dayjs from 'dayjs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_ITEM_KEY } from '../../shared/domain/checklist-template';
import { decodeDataUrl, hashOfRef, sniffContentType } from '../../shared/sync/attachments';
import { resolveImage, resolvePhotoImages } from '../db/attachments-repo';
import { createCustomer } from '../db/customers-repo';
import {
  completeDelivery,
  deliveryItems,
  recordOrder,
  scheduleDelivery,
  setItemNote,
  setItemPhoto,
  setItemState,
  signDelivery,
} from '../db/deliveries-repo';
import { customerForm, openTestDb } from '../test-support/test-db';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { loadPdfMake, renderPdf } from './pdf';
import { pdfPagesText, readPdfFonts } from '../test-support/pdf-text';
import { confirmationDocument, confirmationFileName } from './confirmation-document';
import { confirmationDefinition } from './confirmation-pdf';
import { downscalePhotos, type ImageDownscaler } from './confirmation-photos';

// A tiny real PNG (1×1), as the signature pad would hand over.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('delivery confirmation PDF', () => {
  it('carries the vehicle, every checklist item with its state and the signature, in Chinese', async () => {
    const t = await openTestDb({ start: '2026-11-24T02:00:00.000Z' });
    const customer = await createCustomer(t.ctx, customerForm({ name: '欧阳晓峰' }));
    await recordOrder(t.ctx, customer.id, {
      kind: 'contract',
      amount: 219_800,
      depositAmount: null,
      brand: '大众',
      model: 'ID.4 CROZZ',
      trim: '',
      colour: '星空蓝',
      orderedOn: '2026-11-20',
      note: '',
    });
    const delivery = await scheduleDelivery(
      t.ctx,
      customer.id,
      {
        vin: 'LFV2A21K4G3041234',
        engineNumber: 'EA211-778899',
        brand: '大众',
        model: 'ID.4 CROZZ',
        colour: '星空蓝',
        plate: '粤A·D12345',
        scheduledAt: new Date('2026-11-24T02:00:00.000Z'),
      },
      'handover',
    );
    for (const item of await deliveryItems(t, delivery.id)) {
      if (item.itemKey === 'keys_kit.charging_cable') {
        await setItemState(t.ctx, item.id, { state: 'not_applicable', reason: '燃油车' });
      } else if (item.itemKey !== SIGNATURE_ITEM_KEY) {
        await setItemState(t.ctx, item.id, { state: 'done' });
      }
      if (item.itemKey === 'pdi.tyres') await setItemNote(t.ctx, item.id, '右后胎压已调至 2.5');
    }
    await signDelivery(t.ctx, delivery.id, { png: PNG, signedBy: '欧阳晓峰' });
    const { delivery: completed } = await completeDelivery(t.ctx, delivery.id);

    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } } });
    // The row holds a reference; the document gets the image from the laptop's cache.
    expect(completed.signature).toMatch(/^att:sha256-/);
    const signature = await resolveImage(t.db, completed.signature);
    expect(signature).toEqual({ state: 'ready', src: PNG });
    const document = confirmationDocument(
      i18n.t,
      (await t.db.customers.get(customer.id)) ?? customer,
      completed,
      await deliveryItems(t, delivery.id),
      PNG,
      {
        name: '广州天河大众 4S 店',
        address: '广州市天河区黄埔大道西 100 号',
        phone: '020-38881234',
      },
    );
    const bytes = await renderPdf(
      confirmationDefinition(document),
      await readPdfFonts(),
      await loadPdfMake(),
    );
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    // Subset font and a tiny signature: a small file.
    expect(bytes.length).toBeLessThan(400_000);
    const text = (await pdfPagesText(bytes)).join(' ');
    for (const expected of [
      '广州天河大众 4S 店',
      '广州市天河区黄埔大道西 100 号',
      '电话：020-38881234',
      '交车确认单',
      '欧阳晓峰',
      'LFV2A21K4G3041234',
      'EA211-778899',
      '粤A·D12345',
      '大众 ID.4 CROZZ 星空蓝',
      'PDI 检查',
      '轮胎及胎压正常',
      '右后胎压已调至 2.5',
      '不适用：燃油车',
      '客户在交车确认单上签字',
      '本人已验收上述车辆',
      // Written in the laptop's local time.
      `欧阳晓峰 于 ${dayjs('2026-11-24T02:00:00.000Z').format('YYYY-MM-DD HH:mm')} 签字`,
      '第 1 / 2 页',
      '第 2 / 2 页',
    ]) {
      expect(text).toContain(expected);
    }
    // No photo on the checklist: no photos section.
    expect(text).not.toContain('交车照片');
    expect(text).not.toContain('无法读取');
    expect(confirmationFileName(i18n.t, customer, completed)).toBe(
      '交车确认单-欧阳晓峰-20261124.pdf',
    );
  }, 60_000);
});

// Small real PNGs (4×3), one colour each: distinct attachments.
const RED =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4IScHRww4OQD1xwwxB+utmQAAAABJRU5ErkJggg==';
const BLUE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGOQqzgBRww4OQA4KhBpUsYmbgAAAABJRU5ErkJggg==';
const GREEN =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGOQW2ADRww4OQDjQwu5SXXzXwAAAABJRU5ErkJggg==';
const GREY =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAADklEQVR4nGNoQAIMODkAXzYSAY5zHKsAAAAASUVORK5CYII=';
// Base64 of bytes that are no image at all: pdfmake would fail the whole PDF on it.
const GARBAGE = 'data:image/png;base64,AAAAAAAAAAAA';

/** Stands in for the worker's canvas downscaler: decodes what is a real PNG or JPEG, else rejects. */
const checkingDownscaler: ImageDownscaler = async (src) => {
  const decoded = decodeDataUrl(src);
  if (!decoded || sniffContentType(decoded.bytes) === null) throw new Error('undecodable');
  return src;
};

async function translator(language: 'zh-CN' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { translation: language === 'en' ? en : zhCN } },
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

describe('photos in the delivery confirmation PDF', () => {
  it('prints the checklist photos two per row with their item as caption, and counts the unreadable ones', async () => {
    const t = await openTestDb({ start: '2026-11-24T02:00:00.000Z' });
    const customer = await createCustomer(t.ctx, customerForm({ name: '欧阳晓峰' }));
    await recordOrder(t.ctx, customer.id, {
      kind: 'contract',
      amount: 219_800,
      depositAmount: null,
      brand: '大众',
      model: 'ID.4 CROZZ',
      trim: '',
      colour: '星空蓝',
      orderedOn: '2026-11-20',
      note: '',
    });
    const delivery = await scheduleDelivery(
      t.ctx,
      customer.id,
      {
        vin: 'LFV2A21K4G3041234',
        engineNumber: 'EA211-778899',
        brand: '大众',
        model: 'ID.4 CROZZ',
        colour: '星空蓝',
        plate: '',
        scheduledAt: new Date('2026-11-24T02:00:00.000Z'),
      },
      'handover',
    );
    const byKey = new Map(
      (await deliveryItems(t, delivery.id)).map((item) => [item.itemKey, item]),
    );
    const photoOf = async (key: string, image: string) => {
      const item = byKey.get(key);
      if (!item) throw new Error(`no item ${key}`);
      return setItemPhoto(t.ctx, item.id, image);
    };
    // Attached out of checklist order: the PDF follows the checklist.
    await photoOf('with_customer.handover_photo', GREEN);
    const tyres = byKey.get('pdi.tyres');
    if (!tyres) throw new Error('no tyres item');
    await setItemState(t.ctx, tyres.id, { state: 'done' });
    await photoOf('pdi.tyres', RED);
    await photoOf('keys_kit.two_keys', BLUE);
    await photoOf('documents.invoice', GARBAGE);
    // A photo whose bytes this laptop has not fetched yet.
    const missing = await photoOf('pdi.battery', GREY);
    const missingHash = hashOfRef(missing.photo);
    if (!missingHash) throw new Error('not a reference');
    await t.db.attachments.delete(missingHash);

    const items = await deliveryItems(t, delivery.id);
    const images = await resolvePhotoImages(t.db, items);
    expect(images.size).toBe(4);
    const zh = await translator('zh-CN');
    const made = confirmationDocument(
      zh,
      customer,
      delivery,
      items,
      '',
      { name: '', address: '', phone: '' },
      images,
    );
    expect(made.photos.map((photo) => photo.caption)).toEqual([
      '轮胎及胎压正常',
      '购车发票（VIN、发动机号与实车一致）',
      '两把钥匙，均已测试',
      '交车合影',
    ]);
    expect(made.unreadablePhotos).toBe(1);
    const document = await downscalePhotos(made, checkingDownscaler);
    expect(document.photos.map((photo) => photo.caption)).toEqual([
      '轮胎及胎压正常',
      '两把钥匙，均已测试',
      '交车合影',
    ]);

    const bytes = await renderPdf(
      confirmationDefinition(document),
      await readPdfFonts(),
      await loadPdfMake(),
    );
    // Each printed photo is an image in the file (the signature is not there: unsigned).
    expect(new TextDecoder('latin1').decode(bytes).match(/\/Subtype \/Image/g)).toHaveLength(3);
    const text = (await pdfPagesText(bytes)).join(' ');
    const section = text.slice(text.indexOf('交车照片'));
    expect(text).toContain('交车照片');
    // After the checklist, before the customer's statement.
    expect(text.indexOf('交车照片')).toBeGreaterThan(text.indexOf('客户在交车确认单上签字'));
    expect(text.indexOf('交车照片')).toBeLessThan(text.indexOf('本人已验收上述车辆'));
    for (const caption of ['轮胎及胎压正常', '两把钥匙，均已测试', '交车合影']) {
      expect(section).toContain(caption);
    }
    // Who ticked the item, and when (local time).
    expect(section).toContain(
      `销售顾问 ${dayjs('2026-11-24T02:00:00.000Z').format('MM-DD HH:mm')}`,
    );
    expect(section).not.toContain('购车发票');
    expect(section).toContain('2 张照片无法读取，未打印');

    // The same in English.
    const english = await downscalePhotos(
      confirmationDocument(
        await translator('en'),
        customer,
        delivery,
        items,
        '',
        { name: '', address: '', phone: '' },
        images,
      ),
      checkingDownscaler,
    );
    const englishText = (
      await pdfPagesText(
        await renderPdf(confirmationDefinition(english), await readPdfFonts(), await loadPdfMake()),
      )
    ).join(' ');
    expect(englishText).toContain('Delivery photos');
    expect(englishText).toContain('Photos that could not be read and were not printed: 2');
  }, 60_000);

  it('keeps the photos and their order when every one is readable', async () => {
    const document = await downscalePhotos(
      {
        photos: [
          { src: RED, caption: 'a', by: '' },
          { src: BLUE, caption: 'b', by: '' },
        ],
        unreadablePhotos: 0,
      },
      async (src) => `${src}#small`,
    );
    expect(document).toEqual({
      photos: [
        { src: `${RED}#small`, caption: 'a', by: '' },
        { src: `${BLUE}#small`, caption: 'b', by: '' },
      ],
      unreadablePhotos: 0,
    });
  });
});
