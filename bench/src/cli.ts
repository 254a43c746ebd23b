/**
 * Every bench's command line: `-h`/`--help` prints the usage; an option the parser refuses prints
 * its message and the usage and exits 2; a failed run prints why and exits 1.
 */
export async function runBenchCli<Options>(
  name: string,
  usage: string,
  parseOptions: (argv: string[]) => Options | 'help',
  main: (options: Options) => Promise<void>,
): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  try {
    await main(options);
    process.exit(0);
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`\n${name} failed: ${reason}\n`);
    process.exit(1);
  }
}
