// The shell of the UI: locale providers, navigation, the sync status and routes.

import {
  App as AntApp,
  Badge,
  Button,
  ConfigProvider,
  Layout,
  Menu,
  Space,
  Spin,
  theme,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import {
  AreaChartOutlined,
  AuditOutlined,
  DeleteOutlined,
  LockOutlined,
  MergeOutlined,
  SwapOutlined,
  CalendarOutlined,
  DashboardOutlined,
  SettingOutlined,
  SmileOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { desktop } from '../desktop/desktop';
import { CustomerCardPage } from '../features/customers/components/CustomerCardPage';
import { CustomerListPage } from '../features/customers/components/CustomerListPage';
import { DeliveryChecklistPage } from '../features/deliveries/components/DeliveryChecklistPage';
import { DuplicatesPage } from '../features/duplicates/components/DuplicatesPage';
import { LockGate, useAppLock } from '../features/lock';
import { DeletedCustomersPage } from '../features/manager/components/DeletedCustomersPage';
import { useDuplicateClaimCount } from '../features/duplicates/hooks/useDuplicateClaims';
import { FollowUpsPage } from '../features/follow-ups/components/FollowUpsPage';
import { LostRequestsPage } from '../features/manager/components/LostRequestsPage';
import { useLostRequestCount } from '../features/manager/hooks/useLostRequests';
import { ReassignPage } from '../features/reassign/ReassignPage';
import { TeamBoardPage } from '../features/team-board/components/TeamBoardPage';
import { SatisfactionPage } from '../features/satisfaction/components/SatisfactionPage';
import { useManagerSession } from '../state/useManagerSession';
import { useDueNotifications } from '../features/follow-ups/hooks/useDueNotifications';
import { QuickCapturePage } from '../features/quick-capture/components/QuickCapturePage';
import { SettingsPage } from '../features/settings/components/SettingsPage';
import { CertificatePage } from '../features/sync/components/CertificatePage';
import { ConflictsPage } from '../features/sync/components/ConflictsPage';
import { ReloginPrompt } from '../features/sync/components/ReloginPrompt';
import { SyncStatusPanel } from '../features/sync/components/SyncStatusPanel';
import { UpdateBanner } from '../features/updates/components/UpdateBanner';
import type { MenuCommand } from '../../shared/desktop/desktop-api';
import { vault } from '../vault/app-vault';

// The charting library is only for this page: loaded on first visit, not with the app.
const DashboardPage = lazy(() =>
  import('../features/dashboard/components/DashboardPage').then((module) => ({
    default: module.DashboardPage,
  })),
);

const ROUTE_OF_COMMAND: Record<MenuCommand, string> = {
  'new-customer': '/customers/new',
  'quick-capture': '/quick-capture',
  'show-customers': '/customers',
  'show-follow-ups': '/follow-ups',
  'open-settings': '/settings',
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1f5fbf', borderRadius: 6 },
      }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <HashRouter>
          {/* Locked or wiped, the lock screen replaces the shell: no customer data is mounted. */}
          <LockGate vault={vault}>
            <Shell />
          </LockGate>
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  useDueNotifications((tag) => navigate(`/customers/${tag}`));
  // Lost requests are decided by managers only: consultants never see the item.
  const isManager = useManagerSession().kind === 'manager';
  const lostRequests = useLostRequestCount(isManager);
  const duplicateClaims = useDuplicateClaimCount(isManager);
  const { lockNow } = useAppLock();

  useEffect(
    () => desktop.onMenuCommand((command) => navigate(ROUTE_OF_COMMAND[command])),
    [navigate],
  );

  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const items = [
    { key: '/customers', icon: <TeamOutlined />, label: t('nav.customers') },
    { key: '/follow-ups', icon: <CalendarOutlined />, label: t('nav.followUps') },
    ...(isManager
      ? [
          { key: '/team', icon: <DashboardOutlined />, label: t('nav.teamBoard') },
          { key: '/dashboard', icon: <AreaChartOutlined />, label: t('nav.dashboard') },
          {
            key: '/lost-requests',
            icon: <AuditOutlined />,
            label: (
              <Space size={6}>
                {t('nav.lostRequests')}
                <Badge count={lostRequests ?? 0} size="small" data-testid="lost-requests-badge" />
              </Space>
            ),
          },
          { key: '/reassign', icon: <SwapOutlined />, label: t('nav.reassign') },
          { key: '/satisfaction', icon: <SmileOutlined />, label: t('nav.satisfaction') },
          {
            key: '/duplicates',
            icon: <MergeOutlined />,
            label: (
              <Space size={6}>
                {t('nav.duplicates')}
                <Badge count={duplicateClaims ?? 0} size="small" data-testid="duplicates-badge" />
              </Space>
            ),
          },
          { key: '/deleted-customers', icon: <DeleteOutlined />, label: t('nav.deletedCustomers') },
        ]
      : []),
    { key: '/quick-capture', icon: <ThunderboltOutlined />, label: t('nav.quickCapture') },
    { key: '/settings', icon: <SettingOutlined />, label: t('nav.settings') },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* Sticky, one screen high: the sync status at its foot stays in view on long pages. */}
      <Layout.Sider
        width={200}
        theme="light"
        style={{
          borderRight: '1px solid #eee',
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        <div style={{ padding: '18px 20px', fontWeight: 700, fontSize: 16 }}>{t('app.name')}</div>
        <UpdateBanner />
        <nav aria-label="main">
          <Menu
            mode="inline"
            selectedKeys={[section]}
            items={items}
            onClick={({ key }) => navigate(key)}
            style={{ borderInlineEnd: 'none' }}
          />
        </nav>
        <div style={{ padding: '4px 16px' }}>
          <Button
            block
            icon={<LockOutlined />}
            onClick={lockNow}
            title={t('lock.buttonTitle')}
            data-testid="lock-button"
          >
            {t('lock.button')}
          </Button>
        </div>
        <SyncStatusPanel />
      </Layout.Sider>
      <Layout.Content style={{ padding: 24, background: '#f5f6f8', overflow: 'auto' }}>
        <Routes>
          <Route path="/" element={<Navigate to="/customers" replace />} />
          <Route path="/customers" element={<CustomerListPage />} />
          <Route path="/customers/new" element={<CustomerCardPage />} />
          <Route path="/customers/:customerId" element={<CustomerCardPage />} />
          <Route
            path="/customers/:customerId/deliveries/:deliveryId"
            element={<DeliveryChecklistPage />}
          />
          <Route path="/follow-ups" element={<FollowUpsPage />} />
          <Route path="/team" element={<TeamBoardPage />} />
          <Route
            path="/dashboard"
            element={
              <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
                <DashboardPage />
              </Suspense>
            }
          />
          <Route path="/lost-requests" element={<LostRequestsPage />} />
          <Route path="/quick-capture" element={<QuickCapturePage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/sync/conflicts" element={<ConflictsPage />} />
          <Route path="/sync/certificate" element={<CertificatePage />} />
          <Route path="/reassign" element={<ReassignPage />} />
          <Route path="/satisfaction" element={<SatisfactionPage />} />
          <Route path="/duplicates" element={<DuplicatesPage />} />
          <Route path="/deleted-customers" element={<DeletedCustomersPage />} />
          <Route path="*" element={<Navigate to="/customers" replace />} />
        </Routes>
      </Layout.Content>
      <ReloginPrompt />
    </Layout>
  );
}
