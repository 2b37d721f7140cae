/**
 * The dense row-major products of the CPU learning stack, unrolled four ways so that each load of
 * the shared operand serves four rows (V8 does not vectorise these loops). Row r of a matrix M with
 * n columns starts at M[r·n]; `a0`, `b0` are element offsets where the operands start.
 */

/** out[i·rowsB + j] = A_i · B_j, i < rowsA, j < rowsB (C = A Bᵀ). */
export function multiplyABt(A: ArrayLike<number>, rowsA: number, B: ArrayLike<number>, rowsB: number, n: number, out: Float64Array): void {
  for (let i = 0; i < rowsA; i++) {
    const a = i * n;
    let j = 0;
    for (; j + 4 <= rowsB; j += 4) {
      const b0 = j * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < n; k++) {
        const x = A[a + k];
        s0 += B[b0 + k] * x;
        s1 += B[b1 + k] * x;
        s2 += B[b2 + k] * x;
        s3 += B[b3 + k] * x;
      }
      const o = i * rowsB + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
    for (; j < rowsB; j++) {
      const b = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += B[b + k] * A[a + k];
      out[i * rowsB + j] = s;
    }
  }
}

/** R_i −= Σ_j Y[i·cols + j] · H_j for i < rows, j < cols (R −= Y H); rows of H have n entries. */
export function subtractProduct(R: Float64Array, Y: Float64Array, rows: number, cols: number, H: Float64Array, n: number): void {
  for (let i = 0; i < rows; i++) {
    const r = i * n;
    const y = i * cols;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const y0 = Y[y + j];
      const y1 = Y[y + j + 1];
      const y2 = Y[y + j + 2];
      const y3 = Y[y + j + 3];
      if (y0 === 0 && y1 === 0 && y2 === 0 && y3 === 0) continue;
      const h0 = j * n;
      const h1 = h0 + n;
      const h2 = h1 + n;
      const h3 = h2 + n;
      for (let k = 0; k < n; k++) R[r + k] -= y0 * H[h0 + k] + y1 * H[h1 + k] + y2 * H[h2 + k] + y3 * H[h3 + k];
    }
    for (; j < cols; j++) {
      const c = Y[y + j];
      if (c === 0) continue;
      const h = j * n;
      for (let k = 0; k < n; k++) R[r + k] -= c * H[h + k];
    }
  }
}

/** G_j += Σ_i D[i·cols + j] · X_i for j < cols, i < rows (G += Dᵀ X); rows of X have n entries. */
export function accumulateAtB(G: Float64Array, D: Float64Array, rows: number, cols: number, X: ArrayLike<number>, n: number): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4)
    for (let j = 0; j < cols; j++) {
      const e0 = D[i * cols + j];
      const e1 = D[(i + 1) * cols + j];
      const e2 = D[(i + 2) * cols + j];
      const e3 = D[(i + 3) * cols + j];
      if (e0 === 0 && e1 === 0 && e2 === 0 && e3 === 0) continue;
      const g = j * n;
      const x0 = i * n;
      const x1 = x0 + n;
      const x2 = x1 + n;
      const x3 = x2 + n;
      for (let k = 0; k < n; k++) G[g + k] += e0 * X[x0 + k] + e1 * X[x1 + k] + e2 * X[x2 + k] + e3 * X[x3 + k];
    }
  for (; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const e = D[i * cols + j];
      if (e === 0) continue;
      const g = j * n;
      const x = i * n;
      for (let k = 0; k < n; k++) G[g + k] += e * X[x + k];
    }
}
