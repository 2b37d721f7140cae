export async function benchCuba(_args: string[]): Promise<number> {
  return 0;
}
