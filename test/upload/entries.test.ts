import { expect } from '@open-wc/testing';
import { filesFromDataTransfer, filesFromList } from '../../src/upload/index.js';

describe('reading files from drops and pickers', () => {
  it('should take dropped or pasted files with their names as paths', async () => {
    const data = new DataTransfer();
    data.items.add(new File(['a'], 'a.txt'));
    data.items.add(new File(['bb'], 'b.txt'));
    data.items.add('not a file', 'text/plain');
    const files = await filesFromDataTransfer(data);
    expect(files.map((f) => [f.relativePath, f.file.size])).to.deep.equal([
      ['a.txt', 1],
      ['b.txt', 2],
    ]);
  });

  it('should take the files of a picker', () => {
    const list = [new File(['x'], 'x.bin'), new File(['yy'], 'y.bin')];
    expect(filesFromList(list).map((f) => f.relativePath)).to.deep.equal(['x.bin', 'y.bin']);
  });
});
