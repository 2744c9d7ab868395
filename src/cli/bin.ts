import { main } from './main';

// A reader that closes the pipe early (`mgi score … | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mgi: internal error: ${String(e)}\n`);
    process.exitCode = 70;
  },
);
