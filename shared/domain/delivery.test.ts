import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_TEMPLATE, SIGNATURE_ITEM_KEY } from './checklist-template';
import { checklistProgress, completionBlockers, type DeliveryItem } from './delivery';

let position = 0;
function item(itemKey: string, required: boolean, state: DeliveryItem['state']): DeliveryItem {
  position += 1;
  return {
    id: itemKey,
    dealershipId: 'd',
    ownerId: 'o',
    createdAt: '',
    updatedAt: '',
    deleted: false,
    clocks: {},
    customerId: 'c',
    deliveryId: 'v',
    sectionKey: itemKey.split('.')[0] ?? '',
    sectionTitle: '',
    itemKey,
    label: '',
    required,
    position,
    state,
    doneAt: null,
    doneBy: null,
    doneByName: '',
    note: '',
    notApplicableReason: state === 'not_applicable' ? 'petrol car' : '',
    photo: '',
  };
}

describe('delivery completion', () => {
  it('lists the open required items in checklist order, and the missing signature', () => {
    const items = [
      item('before.payment', true, 'done'),
      item('pdi.tyres', true, 'open'),
      item('pdi.trim', false, 'open'),
      item('keys_kit.charging_cable', true, 'not_applicable'),
      item('documents.invoice', true, 'open'),
      item(SIGNATURE_ITEM_KEY, true, 'open'),
    ];
    const blockers = completionBlockers(
      { state: 'scheduled', signature: '' },
      [...items].reverse(),
    );
    expect(blockers).toEqual([
      { kind: 'required_open', items: [items[1], items[4]] },
      { kind: 'not_signed' },
    ]);
  });

  it('completes when every required item is done or not applicable and the customer signed', () => {
    const items = [
      item('before.payment', true, 'done'),
      item('keys_kit.charging_cable', true, 'not_applicable'),
      item('pdi.trim', false, 'open'),
      item(SIGNATURE_ITEM_KEY, true, 'done'),
    ];
    expect(
      completionBlockers({ state: 'scheduled', signature: 'data:image/png;base64,x' }, items),
    ).toEqual([]);
  });

  it('refuses a delivery that is no longer scheduled', () => {
    expect(completionBlockers({ state: 'completed', signature: 'x' }, [])).toEqual([
      { kind: 'not_scheduled', state: 'completed' },
    ]);
  });

  it('counts progress: settled of total, and required items still open', () => {
    expect(
      checklistProgress([
        item('a.1', true, 'done'),
        item('a.2', true, 'open'),
        item('a.3', false, 'open'),
        item('a.4', false, 'not_applicable'),
      ]),
    ).toEqual({ settled: 2, total: 4, requiredOpen: 1 });
  });

  it('has a default template with every checklist section and unique keys', () => {
    const sections = DEFAULT_CHECKLIST_TEMPLATE.sections.map((section) => section.key);
    expect(sections).toEqual([
      'before',
      'pdi',
      'documents',
      'keys_kit',
      'with_customer',
      'sign_off',
    ]);
    const keys = DEFAULT_CHECKLIST_TEMPLATE.sections.flatMap((section) =>
      section.items.map((entry) => entry.key),
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(SIGNATURE_ITEM_KEY);
  });
});
