// The red marker of a departed consultant's customer (or of the consultant themself).

import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function DepartedTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('departed.tooltip')}>
      <Tag color="red" icon={<WarningOutlined />} data-testid="departed-tag">
        {t('departed.tag')}
      </Tag>
    </Tooltip>
  );
}
