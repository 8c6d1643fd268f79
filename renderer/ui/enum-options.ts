// The options of a <Select>, <Radio.Group> or <Segmented> over a fixed list of values (a domain
// enum), each labelled by its translation under one i18n prefix: `card.genders` labels 'male' with
// t('card.genders.male'). The options keep the list's order.

export type EnumOption<Value extends string> = { value: Value; label: string };

export function enumOptions<Value extends string>(
  t: (key: string) => string,
  prefix: string,
  values: readonly Value[],
): EnumOption<Value>[] {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}
