// The site's own light/dark switch. The widget follows through its `theme` attribute; in the dark, the
// site sets only a background and an accent, and the widget derives every other colour from them.
const select = document.querySelector<HTMLSelectElement>('#theme')!;
select.addEventListener('change', () => {
  const theme = select.value;
  document.documentElement.dataset['theme'] = theme;
  document.querySelector('quatrix-widget')?.setAttribute('theme', theme);
});
