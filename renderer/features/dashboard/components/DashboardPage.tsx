// 经营看板 (/dashboard): the manager's charts of the whole showroom, counted from the local copy
// that sync keeps (so they work offline).
//
// Charting library: Recharts (3.x). Chosen because it is React components all the way down
// (declarative, typed, no imperative chart instance to keep in step with React state), lists React
// 19 in its peer dependencies, draws SVG (crisp at any zoom, its text is real text that screen
// readers, tests and the CJK font all see; its accessibility layer is on by default), and needs
// neither the network nor eval (the renderer's CSP forbids it). It is among the most used React
// chart libraries and actively released. ECharts draws to canvas by default and is larger even
// tree-shaken; G2 (@ant-design/plots) is larger still. Recharts with its d3 and redux parts still
// makes this page's chunk about 490 KB (140 KB gzipped), so the page is loaded lazily (App.tsx):
// the customer screens never load it.

import { ManagersOnly } from '../../../ui/ManagersOnly';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useManagerSession } from '../../../state/useManagerSession';
import { Dashboard } from './Dashboard';

export function DashboardPage() {
  const { t } = useTranslation();
  const session = useManagerSession();
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dashboard.intro')}</Typography.Text>
      </div>
      {session.kind === 'manager' ? (
        <Dashboard />
      ) : (
        <ManagersOnly
          kind={session.kind}
          testId="dashboard-managers-only"
          title={t('dashboard.managersOnlyTitle')}
          localText={t('dashboard.managersOnlyLocal')}
          roleText={t('dashboard.managersOnlyRole')}
        />
      )}
    </Flex>
  );
}
