// Every non-English catalog. The widget never imports this file: the build turns each entry into a
// small script chunk fetched only for visitors who need it, so English pages pay nothing for them.
import { ar } from './ar.ts';
import { de } from './de.ts';
import type { Messages } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { zhCN } from './zh-CN.ts';

export const catalogs: Record<string, Messages> = { 'zh-CN': zhCN, es, fr, de, ja, ar };
