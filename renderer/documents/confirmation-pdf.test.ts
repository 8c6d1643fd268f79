// The delivery confirmation, built with pdfmake and the embedded CJK font, read back with pdf.js.

import dayjs from 'dayjs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_ITEM_KEY } from '../../shared/domain/checklist-template';
import { resolveImage } from '../db/attachments-repo';
import { createCustomer } from '../db/customers-repo';
import {
  completeDelivery,
  deliveryItems,
  recordOrder,
  scheduleDelivery,
  setItemNote,
  setItemState,
  signDelivery,
} from '../db/deliveries-repo';
import { customerForm, openTestDb } from '../test-support/test-db';
import { zhCN } from '../i18n/zh-CN';
import { loadPdfMake, renderPdf } from './pdf';
import { pdfPagesText, readPdfFonts } from '../test-support/pdf-text';
import { confirmationDocument, confirmationFileName } from './confirmation-document';
import { confirmationDefinition } from './confirmation-pdf';

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
    expect(confirmationFileName(i18n.t, customer, completed)).toBe(
      '交车确认单-欧阳晓峰-20261124.pdf',
    );
  }, 60_000);
});
