import { QuatrixClient, QuatrixError, QuatrixRequestError } from '../src/index.js';

const DEMO_WIDGET = '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4e01';
const CHUNK_BYTES = 4 * 1024 * 1024;

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

async function refreshWidget(): Promise<void> {
  const meta = await client.getWidgetMetadata(DEMO_WIDGET);
  show($('widget'), {
    'Widget id': meta.id,
    'CAPTCHA passed': meta.captchaPassed,
    'Files remaining': meta.filesRemaining,
  });
}

async function upload(file: File): Promise<void> {
  const status = $('status');
  const progress = $<HTMLProgressElement>('progress');
  const { uploadKey } = await client.getWidgetUploadLink(DEMO_WIDGET, {
    name: file.name,
    fileSize: file.size,
  });
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const chunk = file.slice(offset, offset + CHUNK_BYTES);
    await client.uploadChunk(uploadKey, chunk, offset, file.size);
    progress.value = (offset + chunk.size) / file.size;
  }
  const done = await client.finalizeWidgetUpload(uploadKey);
  if (done.size !== file.size) throw new Error('size mismatch');
  status.textContent = `Sent “${file.name}” (${done.size} bytes).`;
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
  await refreshWidget();
  $<HTMLFormElement>('upload').addEventListener('submit', (event) => {
    event.preventDefault();
    const file = new FormData(event.target as HTMLFormElement).get('file');
    if (!(file instanceof File)) return;
    $('status').textContent = `Sending “${file.name}”…`;
    upload(file)
      .then(refreshWidget)
      .catch((error: unknown) => {
        $('status').textContent = describe(error);
      });
  });
}

main().catch((error: unknown) => {
  $('status').textContent = describe(error);
});
