import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { ConflictError, NetworkError, ServerError } from '../sync/errors';
import { errorText } from './error-text';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    lng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  });
});

const body = (reason?: string) => ({
  error: 'conflict' as const,
  message: 'This login cannot be used; choose another.',
  ...(reason === undefined ? {} : { reason }),
});

describe('errorText', () => {
  it('says a known reason in the reader language', async () => {
    const error = new ConflictError(body('login_taken'));
    expect(errorText(i18n.t, error)).toBe('这个登录名不能使用，请换一个');
    await i18n.changeLanguage('en');
    expect(errorText(i18n.t, error)).toBe('This login cannot be used; choose another');
    await i18n.changeLanguage('zh-CN');
  });

  it('falls back to the error code for an older server, never to its English message', () => {
    expect(errorText(i18n.t, new ConflictError(body()))).toBe(
      '服务器拒绝了这个操作，因为数据已有变化',
    );
  });

  it('reads a reason this app does not know as its code', () => {
    expect(errorText(i18n.t, new ConflictError(body('from_the_future')))).toBe(
      '服务器拒绝了这个操作，因为数据已有变化',
    );
    expect(errorText(i18n.t, new ServerError(502, 'bad_response', 'HTTP 502'))).toBe(
      '服务器的回答无法识别',
    );
  });

  it('says the network, or something generic for a local failure', () => {
    expect(errorText(i18n.t, new NetworkError('fetch failed'))).toBe('无法连接服务器，请检查网络');
    const quiet = console.error;
    console.error = () => undefined;
    expect(errorText(i18n.t, new Error('Customer x not found'))).toBe('出现了意外错误，请重试');
    console.error = quiet;
  });
});
