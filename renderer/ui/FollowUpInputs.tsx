// Inputs shared by the plan and complete dialogs: the due date-time and the channel.

import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_CHANNELS, type FollowUpChannel } from '../../shared/domain/follow-up';
import { enumOptions } from './enum-options';

type DueAtField = {
  id: string;
  value: Date | null | undefined;
  onChange: (value: Date | null) => void;
};

export function DueAtInput({ field }: { field: DueAtField }) {
  return (
    <DatePicker
      id={field.id}
      showTime={{ format: 'HH:mm', minuteStep: 5 }}
      format="YYYY-MM-DD HH:mm"
      // A follow-up is planned ahead: days before today cannot be picked (the schema says why).
      disabledDate={(day) => day.isBefore(dayjs().startOf('day'))}
      value={field.value ? dayjs(field.value) : null}
      onChange={(value) => field.onChange(value ? value.toDate() : null)}
      style={{ width: '100%' }}
    />
  );
}

type ChannelField = {
  id: string;
  value: FollowUpChannel;
  onChange: (value: FollowUpChannel) => void;
  onBlur: () => void;
};

export function ChannelSelect({ field }: { field: ChannelField }) {
  const { t } = useTranslation();
  return (
    <Select
      id={field.id}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      options={enumOptions(t, 'followUps.channels', FOLLOW_UP_CHANNELS)}
    />
  );
}
