// 交车检查表模板: the dealership's delivery checklist, edited by managers and admins. One row per
// dealership (id "dealership", like the settings). A delivery copies the items of the template's
// current version into its own rows when it is scheduled, so later edits never change a delivery
// that has started.

import type { SyncedRow } from './synced-row';

export const CHECKLIST_TEMPLATE_ID = 'dealership';

export type ChecklistTemplateItem = {
  /** Stable within the template; a default item's key also names its translated label. */
  key: string;
  /** Free text typed by the dealership; empty for a default item (shown in the UI's language). */
  label: string;
  required: boolean;
};

export type ChecklistTemplateSection = {
  key: string;
  /** Empty for a default section (translated), or the dealership's own title. */
  title: string;
  items: ChecklistTemplateItem[];
};

export type ChecklistTemplateFields = {
  /** Starts at 1; every saved edit adds one. A delivery records the version it started from. */
  version: number;
  sections: ChecklistTemplateSection[];
};

export type ChecklistTemplate = SyncedRow & ChecklistTemplateFields;

/** The one item signed on screen: ticked by the signature itself, never by hand. */
export const SIGNATURE_ITEM_KEY = 'sign_off.customer_signature';

const item = (key: string, required = true): ChecklistTemplateItem => ({
  key,
  label: '',
  required,
});

/** The default vehicle delivery checklist, used until a dealership edits its own. */
export const DEFAULT_CHECKLIST_TEMPLATE: ChecklistTemplateFields = {
  version: 1,
  sections: [
    {
      key: 'before',
      title: '',
      items: [
        item('before.payment'),
        item('before.insurance'),
        item('before.identity_contract'),
        item('before.accessories'),
      ],
    },
    {
      key: 'pdi',
      title: '',
      items: [
        item('pdi.paint'),
        item('pdi.seals_lamps'),
        item('pdi.tyres'),
        item('pdi.spare_wheel_nuts'),
        item('pdi.fluids'),
        item('pdi.battery'),
        item('pdi.leaks'),
        item('pdi.seats_belts'),
        item('pdi.warning_lights'),
        item('pdi.trim', false),
      ],
    },
    {
      key: 'documents',
      title: '',
      items: [
        item('documents.invoice'),
        item('documents.conformity'),
        item('documents.warranty'),
        item('documents.consistency'),
        item('documents.insurance_policy'),
      ],
    },
    {
      key: 'keys_kit',
      title: '',
      items: [
        item('keys_kit.two_keys'),
        item('keys_kit.triangle_vest'),
        item('keys_kit.jack_spare'),
        item('keys_kit.charging_cable', false),
      ],
    },
    {
      key: 'with_customer',
      title: '',
      items: [
        item('with_customer.walk_around'),
        item('with_customer.short_drive', false),
        item('with_customer.service_advisor'),
        item('with_customer.handover_photo', false),
      ],
    },
    { key: 'sign_off', title: '', items: [item(SIGNATURE_ITEM_KEY)] },
  ],
};
