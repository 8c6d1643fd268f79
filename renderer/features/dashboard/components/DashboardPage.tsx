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

import { useTranslation } from 'react-i18next';
import { ManagerPage } from '../../../ui/ManagerPage';
import { Dashboard } from './Dashboard';

export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('dashboard.title')}
      intro={t('dashboard.intro')}
      managersOnly={{
        testId: 'dashboard-managers-only',
        title: t('dashboard.managersOnlyTitle'),
        localText: t('dashboard.managersOnlyLocal'),
        roleText: t('dashboard.managersOnlyRole'),
      }}
    >
      {() => <Dashboard />}
    </ManagerPage>
  );
}
