import { FocusKeeper } from '../../controllers/focus-keeper.js';
import { updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { LocaleController } from '../../controllers/locale-controller.js';
import { elementStyles } from './element.styles.js';
import { themeStyles } from './theme.styles.js';

/**
 * What every Quatrix element shares: the theme (custom properties, a dark scheme that follows
 * `prefers-color-scheme` or the `theme` attribute) and the parts common to all of them.
 *
 * @attr lang - The language to speak, as for the `locale` property (which wins when both are set).
 *
 * @slot headline - Replaces the heading.
 *
 * @csspart widget - The frame around everything.
 * @csspart headline - The heading.
 * @csspart button - Every button.
 * @csspart actions - A row of buttons.
 * @csspart hint - Secondary text: explanations, progress notes, "Loading…".
 * @csspart error - A message that the element cannot be used (it replaces the body).
 *
 * @cssproperty [--quatrix-color-text=#1d2330] - Text colour (dark scheme: #e7eaf0).
 * @cssproperty [--quatrix-color-background=#ffffff] - Background (dark: #161a22).
 * @cssproperty [--quatrix-color-surface=#f4f6fa] - Background of the drop zone, fields and buttons (dark: #222835).
 * @cssproperty [--quatrix-color-border=#c5ccd8] - Borders (dark: #4a5468).
 * @cssproperty [--quatrix-color-accent=#0b5fff] - Primary buttons and progress (dark: #7aa7ff).
 * @cssproperty [--quatrix-color-on-accent=#ffffff] - Text on the accent colour (dark: #0b1020).
 * @cssproperty [--quatrix-color-muted=#4f5b6e] - Secondary text (dark: #aab3c5).
 * @cssproperty [--quatrix-color-danger=#b3261e] - Errors (dark: #ffb4ab).
 * @cssproperty [--quatrix-color-success=#1b7a3a] - Success (dark: #7fd69a).
 * @cssproperty [--quatrix-color-warning=#8a5300] - The edge of a notice, such as offline (dark: #ffcf7a).
 * @cssproperty [--quatrix-color-focus=#0b5fff] - Focus ring.
 * @cssproperty [--quatrix-radius=0.5rem] - Corner radius.
 * @cssproperty [--quatrix-space=1rem] - Spacing unit.
 * @cssproperty [--quatrix-font-family=system-ui] - Font.
 * @cssproperty [--quatrix-font-size=1rem] - Base font size.
 *
 * @fires {QuatrixEventDetails['quatrix-error']} quatrix-error - The element cannot be used (unknown widget, expired request, no or expired credentials…).
 */
export abstract class QuatrixElement extends LitElement {
  static override styles = [themeStyles, elementStyles];

  /** `lang` is the element's own choice of language too (see `locale`). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Finds the language along the chain and keeps the frame's `lang` and `dir` right. */
  protected readonly localeController = new LocaleController(this, {
    explicit: () => this.locale || this.getAttribute('lang') || undefined,
    request: () => this.requestLocale(),
    readerFirst: () => this.speaksToOneReader,
    site: () => this.site || undefined,
  });

  /**
   * The language to speak, e.g. `de`, `pt-BR` or `de_DE` (the `lang` attribute works too). Empty (the
   * default): a file request's language, then the site's, then the browser's, then English. One page
   * speaks one language: the strongest choice among its elements wins.
   */
  @property({ attribute: 'locale' }) locale = '';

  /**
   * The colour scheme: `auto` (or unset, the default) follows the reader's device, `light` and `dark`
   * keep to one. Colours a site does not set are derived from the background in use, so that text stays
   * readable (4.5:1) whatever the site sets. Reflected to the `theme` attribute when set.
   */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' | undefined;

  /** Base URL of the Quatrix site. */
  abstract site: string;

  constructor() {
    super();
    // Every element renders again when the page's locale changes.
    updateWhenLocaleChanges(this);
    // A render that removes the focused control hands the focus on instead of dropping it.
    new FocusKeeper(this);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  /**
   * The frame of every element: the language and direction it speaks, the headline slot with its
   * default heading, then the body.
   */
  protected renderFrame(headline: string, body: unknown): TemplateResult {
    return html`<div
      part="widget"
      class="widget"
      lang=${this.localeController.locale}
      dir=${this.localeController.dir}
    >
      <slot name="headline"><h2 part="headline" class="headline">${headline}</h2></slot>
      ${body}
    </div>`;
  }

  /** Whether the element speaks to one reader (a request's recipient): their language before the site's. */
  protected get speaksToOneReader(): boolean {
    return false;
  }

  /** A file request's own language, for the element that answers one. */
  protected requestLocale(): string | undefined {
    return undefined;
  }
}
