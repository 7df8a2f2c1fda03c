// The page behind a file request's link (…/request/?id=…): the element does the rest.
import 'quatrix-upload/define';

const element = document.getElementById('request') as HTMLElementTagNameMap['quatrix-file-request'];
element.requestId = new URLSearchParams(location.search).get('id') ?? '';
