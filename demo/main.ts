import '../src/define.js';
import { QuatrixClient, QuatrixError, QuatrixRequestError } from '../src/index.js';

const DEMO_WIDGET = '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4e01';

const site = document.querySelector<HTMLMetaElement>('meta[name="quatrix-site"]')!.content;
const client = new QuatrixClient({ site });
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Fills a definition list; values are always text, never HTML. */
function show(list: HTMLElement, rows: Record<string, string | number | boolean>): void {
  list.replaceChildren(
    ...Object.entries(rows).flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = key;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      return [dt, dd];
    }),
  );
}

function describe(error: unknown): string {
  if (error instanceof QuatrixError) return `The server refused (code ${error.code}).`;
  if (error instanceof QuatrixRequestError) return `The request failed (${error.kind}).`;
  return 'Something went wrong.';
}

for (const id of ['widget', 'themed']) {
  const widget = $(id);
  widget.setAttribute('site', site);
  widget.setAttribute('widget-id', DEMO_WIDGET);
}

async function main(): Promise<void> {
  $<HTMLImageElement>('logo').src = client.logoUrl;
  const [account, language] = await Promise.all([client.getAccountMetadata(), client.getDefaultLanguage()]);
  show($('site'), {
    URL: site,
    Title: account.title,
    Language: account.language,
    'Default language': language,
  });
}

main().catch((error: unknown) => show($('site'), { Error: describe(error) }));
