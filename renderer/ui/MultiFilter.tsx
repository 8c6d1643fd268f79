// A list filter that lets several values through (any-of), labelled by its placeholder: the
// customer list and the follow-up views use the same one.

import { Select } from 'antd';

export function MultiFilter<Value extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: Value[];
  options: { value: Value; label: string }[];
  onChange: (value: Value[]) => void;
  testId?: string;
}) {
  return (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      aria-label={label}
      placeholder={label}
      value={value}
      onChange={onChange}
      options={options}
      data-testid={testId}
      style={{ minWidth: 140, maxWidth: 240 }}
    />
  );
}
