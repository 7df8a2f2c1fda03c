import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixUploader } from '../../src/index.js';
import { IDS } from '../fixtures/seed.js';

/** The sRGB bytes a CSS colour paints (whatever its syntax: hex, oklch, relative colours…). */
function paint(color: string): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!];
}

/** WCAG 2 contrast ratio of two painted colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: [number, number, number]): number => {
    const [r, g, bl] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [luminance(paint(a)), luminance(paint(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** The colours the element resolves for text, secondary text and the three states, and its background. */
function resolved(el: HTMLElement): {
  background: string;
  surface: string;
  colors: Record<string, string>;
} {
  const root = el.shadowRoot!;
  const background = getComputedStyle(root.querySelector('.widget')!).backgroundColor;
  const colors: Record<string, string> = {};
  for (const token of ['text', 'muted', 'danger', 'success', 'warning']) {
    const probe = document.createElement('span');
    probe.style.color = `var(--_${token})`;
    root.append(probe);
    colors[token] = getComputedStyle(probe).color;
    probe.remove();
  }
  const probe = document.createElement('span');
  probe.style.backgroundColor = 'var(--_surface)';
  root.append(probe);
  const surface = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return { background, surface, colors };
}

describe('theme: readable in both schemes, whatever a site sets', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  async function element(theme: string, style = ''): Promise<QuatrixUploader> {
    // No site: the element shows why it cannot work, which is enough to be themed.
    return fixture<QuatrixUploader>(
      html`<quatrix-uploader folder-id=${IDS.inbox} theme=${theme} style=${style}></quatrix-uploader>`,
    );
  }

  const cases: Array<{ name: string; theme: string; scheme: 'light' | 'dark'; style?: string }> = [
    { name: 'light', theme: 'light', scheme: 'dark' },
    { name: 'dark', theme: 'dark', scheme: 'light' },
    { name: 'auto on a dark device', theme: 'auto', scheme: 'dark' },
    { name: 'auto on a light device', theme: 'auto', scheme: 'light' },
    {
      name: 'a site that sets only a dark background, on a light device',
      theme: 'auto',
      scheme: 'light',
      style: '--quatrix-color-background: #121212',
    },
    {
      name: 'a site that sets only a white background, in the dark theme',
      theme: 'dark',
      scheme: 'light',
      style: '--quatrix-color-background: #ffffff',
    },
    {
      name: 'a navy background',
      theme: 'auto',
      scheme: 'light',
      style: '--quatrix-color-background: #1e3a5f',
    },
    {
      name: 'a beige background',
      theme: 'auto',
      scheme: 'dark',
      style: '--quatrix-color-background: #f5e6c8',
    },
    {
      name: 'a mid-grey background',
      theme: 'auto',
      scheme: 'light',
      style: '--quatrix-color-background: #8a8a8a',
    },
  ];

  for (const c of cases) {
    it(`should keep every text at 4.5:1 or more: ${c.name}`, async () => {
      await emulateMedia({ colorScheme: c.scheme });
      const el = await element(c.theme, c.style);
      const { background, surface, colors } = resolved(el);
      for (const [token, color] of Object.entries(colors)) {
        const ratio = contrast(color, background);
        expect(ratio, `${token} ${color} on ${background}: ${ratio.toFixed(2)}:1`).to.be.at.least(4.5);
      }
      // Buttons, fields and the drop zone: text on the surface.
      const ratio = contrast(colors.text!, surface);
      expect(ratio, `text on the surface ${surface}: ${ratio.toFixed(2)}:1`).to.be.at.least(4.5);
    });
  }

  it('should follow the theme attribute and the property, and tell native controls the scheme', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await element('dark');
    const widget = el.shadowRoot!.querySelector('.widget')!;
    expect(paint(getComputedStyle(widget).backgroundColor)).to.deep.equal([0x16, 0x1a, 0x22]);
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    el.theme = 'light';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('light');
    expect(paint(getComputedStyle(widget).backgroundColor)).to.deep.equal([0xff, 0xff, 0xff]);
    expect(getComputedStyle(el).colorScheme).to.equal('light');
  });

  it('should keep the colours a site sets', async () => {
    const el = await element('auto', '--quatrix-color-danger: #ff0000; --quatrix-color-text: #123456');
    const { colors } = resolved(el);
    expect(paint(colors.danger!)).to.deep.equal([255, 0, 0]);
    expect(paint(colors.text!)).to.deep.equal([0x12, 0x34, 0x56]);
  });
});
