// The red marker of a departed consultant's customer (or of the consultant themself). `compact`:
// the icon alone, for a narrow table cell; the tooltip (and the accessible name) says it all.

import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function DepartedTag({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('departed.tooltip')}>
      <Tag
        color="red"
        icon={<WarningOutlined />}
        data-testid="departed-tag"
        aria-label={t('departed.tooltip')}
        style={compact ? { marginInlineEnd: 0, paddingInline: 5 } : undefined}
      >
        {compact ? null : t('departed.tag')}
      </Tag>
    </Tooltip>
  );
}
