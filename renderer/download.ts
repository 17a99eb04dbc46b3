/** Save text as a file through the browser's download (works the same in Electron). */
export function download(name: string, text: string | ArrayBuffer, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
