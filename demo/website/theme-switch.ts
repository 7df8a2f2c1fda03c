// The site's own light/dark switch. The widget follows through its `theme` attribute; in the dark, the
// site sets only a background and an accent, and the widget derives every other colour from them. The
// page's own dark look follows the scheme in use (`data-scheme`): the one chosen, or the device's.
const select = document.querySelector<HTMLSelectElement>('#theme')!;
const device = matchMedia('(prefers-color-scheme: dark)');

function apply(): void {
  const theme = select.value;
  const scheme = theme === 'auto' ? (device.matches ? 'dark' : 'light') : theme;
  document.documentElement.dataset['scheme'] = scheme;
  document.querySelector('quatrix-widget')?.setAttribute('theme', theme);
}

select.addEventListener('change', apply);
device.addEventListener('change', apply);
apply();
