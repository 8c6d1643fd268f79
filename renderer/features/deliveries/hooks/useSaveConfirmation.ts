import { useState } from 'react';
import type { Customer } from '../../../../shared/domain/customer';
import type { Delivery, DeliveryItem } from '../../../../shared/domain/delivery';

// Placeholder until the PDF module lands (uncommitted).
export function useSaveConfirmation() {
  const [saving, setSaving] = useState(false);
  return {
    saving,
    save: async (_c: Customer, _d: Delivery, _i: DeliveryItem[]) => {
      setSaving(false);
    },
  };
}
