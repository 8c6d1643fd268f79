// A rating scale as a row of numbered buttons (1–5 or 1–10): read out on the phone, the number is
// what the customer says, so the number is what is shown and picked.

import { Radio } from 'antd';

type ScaleField = {
  id: string;
  value: number | null;
  onChange: (value: number) => void;
  onBlur: () => void;
};

export function ScaleInput({
  field,
  max,
  label,
}: {
  field: ScaleField;
  max: number;
  /** The group's accessible name (a label element cannot name a radio group). */
  label: string;
}) {
  return (
    <Radio.Group
      id={field.id}
      aria-label={label}
      value={field.value}
      onChange={(event) => field.onChange(Number(event.target.value))}
      onBlur={field.onBlur}
      optionType="button"
      buttonStyle="solid"
      options={Array.from({ length: max }, (_, index) => ({
        value: index + 1,
        label: String(index + 1),
      }))}
    />
  );
}
