// The inputs the customer form's sections share: a plain text field, a calendar day and a number,
// each wired to react-hook-form through FormField.

import { DatePicker, Input, InputNumber } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { Control } from 'react-hook-form';
import type { CustomerFormValues } from '../../../../../shared/domain/schemas';
import { FormField } from '../../../../ui/FormField';

export type CustomerFormControl = Control<CustomerFormValues>;

type TextFieldName =
  | 'name'
  | 'wechatId'
  | 'city'
  | 'district'
  | 'company'
  | 'sourceDetail'
  | 'brand'
  | 'model'
  | 'trim'
  | 'colour'
  | 'tradeIn'
  | 'competitors'
  | 'potentialNeeds';

export function TextField({
  control,
  name,
  label,
  required = false,
}: {
  control: CustomerFormControl;
  name: TextFieldName;
  label: ReactNode;
  required?: boolean;
}) {
  return (
    <FormField
      control={control}
      name={name}
      label={label}
      required={required}
      render={(field) => <Input {...field} />}
    />
  );
}

type DayFieldName =
  'birthday' | 'expectedPurchaseDate' | 'deliveryDate' | 'warrantyExpiry' | 'insuranceExpiry';

/** A calendar day of the card, labelled, with its validation message. */
export function DayField({
  control,
  name,
  label,
}: {
  control: CustomerFormControl;
  name: DayFieldName;
  label: ReactNode;
}) {
  return (
    <FormField
      control={control}
      name={name}
      label={label}
      render={(field) => <DayInput field={field} />}
    />
  );
}

/** An amount of the card (budget, contract), labelled, with its validation message. */
export function NumberField({
  control,
  name,
  label,
}: {
  control: CustomerFormControl;
  name: 'budgetMin' | 'budgetMax' | 'contractAmount';
  label: ReactNode;
}) {
  return (
    <FormField
      control={control}
      name={name}
      label={label}
      render={(field) => <NumberInput field={field} />}
    />
  );
}

type ValueField<Value> = {
  id: string;
  value: Value;
  onChange: (value: Value) => void;
  onBlur: () => void;
};

/** A calendar day stored as "YYYY-MM-DD" (or null) edited with a date picker. */
function DayInput({ field }: { field: ValueField<string | null> }) {
  return (
    <DatePicker
      id={field.id}
      value={field.value ? dayjs(field.value) : null}
      onChange={(value) => field.onChange(value ? value.format('YYYY-MM-DD') : null)}
      onBlur={field.onBlur}
      style={{ width: '100%' }}
    />
  );
}

function NumberInput({ field }: { field: ValueField<number | null> }) {
  return (
    <InputNumber
      id={field.id}
      value={field.value}
      onChange={(value) => field.onChange(typeof value === 'number' ? value : null)}
      onBlur={field.onBlur}
      style={{ width: '100%' }}
    />
  );
}
