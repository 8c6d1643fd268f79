// One form field: react-hook-form's Controller inside an Ant Design Form.Item, with the zod
// message key translated next to the field. Typed values stay in the form whatever the error.

import { Form } from 'antd';
import type { ReactElement, ReactNode } from 'react';
import {
  Controller,
  type Control,
  type ControllerRenderProps,
  type FieldPath,
  type FieldValues,
} from 'react-hook-form';
import { useValidationText } from './useValidationText';

type FormFieldProps<Values extends FieldValues, Name extends FieldPath<Values>> = {
  control: Control<Values>;
  name: Name;
  label?: ReactNode;
  required?: boolean;
  help?: ReactNode;
  extra?: ReactNode;
  /** Keeps ids unique when two forms with a field of the same name share a page (dialogs). */
  idPrefix?: string;
  render: (field: ControllerRenderProps<Values, Name> & { id: string }) => ReactElement;
};

export function fieldId(name: string): string {
  return `field-${name.replace(/\./g, '-')}`;
}

export function FormField<Values extends FieldValues, Name extends FieldPath<Values>>({
  control,
  name,
  label,
  required,
  help,
  extra,
  idPrefix,
  render,
}: FormFieldProps<Values, Name>) {
  const validationText = useValidationText();
  const id = fieldId(idPrefix ? `${idPrefix}.${name}` : name);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Form.Item
          label={label}
          htmlFor={id}
          required={required}
          validateStatus={fieldState.error ? 'error' : undefined}
          help={fieldState.error ? validationText(fieldState.error.message) : help}
          extra={extra}
        >
          {render({ ...field, id })}
        </Form.Item>
      )}
    />
  );
}
