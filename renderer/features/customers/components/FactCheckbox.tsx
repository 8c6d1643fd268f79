// One of the three qualification facts (信心 / 需求 / 购买力) as a checkbox bound to a form field.

import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';

export const QUALIFICATION_FACTS = ['hasConfidence', 'hasNeed', 'hasPurchasingPower'] as const;

type FactField = {
  id: string;
  name: (typeof QUALIFICATION_FACTS)[number];
  value: boolean;
  onChange: (checked: boolean) => void;
  onBlur: () => void;
};

/** `onEnter`: Enter on the box submits (quick capture saves from anywhere with Enter). */
export function FactCheckbox({ field, onEnter }: { field: FactField; onEnter?: () => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      id={field.id}
      checked={field.value}
      onChange={(event) => field.onChange(event.target.checked)}
      onBlur={field.onBlur}
      onKeyDown={(event) => {
        if (onEnter && event.key === 'Enter') {
          event.preventDefault();
          onEnter();
        }
      }}
    >
      {t(`card.${field.name}`)}
    </Checkbox>
  );
}
