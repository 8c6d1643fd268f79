import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CORS_ORIGINS, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for a showroom PC', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: './server-data',
      jwtSecret: null,
      accessTtlSeconds: 900,
      refreshTtlSeconds: 30 * 86_400,
      bodyLimitBytes: 1024 * 1024,
      attachmentLimitBytes: 2 * 1024 * 1024,
      loginRateLimit: 10,
      loginRateLimitAddress: 30,
      loginRateLimitGlobal: 600,
      refreshReuseSeconds: 60,
      logLevel: 'info',
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 20_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 120_000,
      maxConnections: 1000,
      pullPageBytes: 4 * 1024 * 1024,
      updatesDir: null,
    });
    expect(config.corsOrigins).toEqual(DEFAULT_CORS_ORIGINS);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/dealerdesk',
      DEALERDESK_DATA_DIR: '/var/lib/dealerdesk',
      DEALERDESK_JWT_SECRET: 'x'.repeat(32),
      DEALERDESK_ACCESS_TTL_SECONDS: '60',
      DEALERDESK_REFRESH_TTL_SECONDS: '3600',
      DEALERDESK_CORS_ORIGINS: 'app://dealerdesk, http://10.0.0.5:5173 ,',
      DEALERDESK_BODY_LIMIT_BYTES: '2048',
      DEALERDESK_IMAGE_LIMIT_BYTES: '4096',
      DEALERDESK_LOGIN_RATE_LIMIT: '3',
      DEALERDESK_LOGIN_RATE_LIMIT_ADDRESS: '7',
      DEALERDESK_LOGIN_RATE_LIMIT_GLOBAL: '70',
      DEALERDESK_REFRESH_REUSE_SECONDS: '30',
      LOG_LEVEL: 'debug',
      DEALERDESK_REQUEST_TIMEOUT_MS: '30000',
      DEALERDESK_HEADERS_TIMEOUT_MS: '10000',
      DEALERDESK_KEEP_ALIVE_TIMEOUT_MS: '5000',
      DEALERDESK_CONNECTION_TIMEOUT_MS: '90000',
      DEALERDESK_MAX_CONNECTIONS: '200',
      DEALERDESK_PULL_PAGE_BYTES: '1048576',
      DEALERDESK_UPDATES_DIR: '/srv/dealerdesk/updates',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db:5432/dealerdesk',
      jwtSecret: 'x'.repeat(32),
      accessTtlSeconds: 60,
      corsOrigins: ['app://dealerdesk', 'http://10.0.0.5:5173'],
      bodyLimitBytes: 2048,
      attachmentLimitBytes: 4096,
      loginRateLimit: 3,
      loginRateLimitAddress: 7,
      loginRateLimitGlobal: 70,
      refreshReuseSeconds: 30,
      logLevel: 'debug',
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
      connectionTimeoutMs: 90_000,
      maxConnections: 200,
      pullPageBytes: 1024 * 1024,
      updatesDir: '/srv/dealerdesk/updates',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({
      port: 8787,
      databaseUrl: null,
    });
  });

  it('names every wrong variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        DEALERDESK_JWT_SECRET: 'short',
        LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'DEALERDESK_JWT_SECRET', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toContain('DEALERDESK_JWT_SECRET: must be at least 32');
  });

  it('refuses timeouts and limits out of range, and a headers timeout above the request timeout', () => {
    expect(() => loadConfig({ DEALERDESK_REQUEST_TIMEOUT_MS: '0' })).toThrow(
      'DEALERDESK_REQUEST_TIMEOUT_MS: must be at least 1000',
    );
    expect(() => loadConfig({ DEALERDESK_MAX_CONNECTIONS: '0' })).toThrow(
      'DEALERDESK_MAX_CONNECTIONS: must be at least 1',
    );
    expect(() => loadConfig({ DEALERDESK_PULL_PAGE_BYTES: '100' })).toThrow(
      'DEALERDESK_PULL_PAGE_BYTES: must be at least 65536',
    );
    expect(() =>
      loadConfig({ DEALERDESK_REQUEST_TIMEOUT_MS: '5000', DEALERDESK_HEADERS_TIMEOUT_MS: '6000' }),
    ).toThrow('DEALERDESK_HEADERS_TIMEOUT_MS: must be at most DEALERDESK_REQUEST_TIMEOUT_MS');
  });
});
