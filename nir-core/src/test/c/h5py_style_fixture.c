/*
 * Writes h5py_style.nir, a NIR file laid out the way h5py stores numpy values that jhdf cannot
 * write: booleans as HDF5 enums {FALSE, TRUE}, an empty edge list as a (0,) float64 array,
 * variable-length UTF-8 strings and a fixed-length null-padded string (numpy bytes_).
 *
 * Declares the few HDF5 1.10 C functions it uses itself, so only the runtime library is needed:
 *   gcc -o /tmp/fixture h5py_style_fixture.c /usr/lib/x86_64-linux-gnu/libhdf5_serial.so.103
 *   /tmp/fixture ../resources/org/nirfpga/nir/hdf5/h5py_style.nir
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef int64_t hid_t;
typedef int herr_t;
typedef unsigned long long hsize_t;

extern herr_t H5open(void);
extern hid_t H5Fcreate(const char *name, unsigned flags, hid_t fcpl, hid_t fapl);
extern herr_t H5Fclose(hid_t f);
extern hid_t H5Gcreate2(hid_t loc, const char *name, hid_t lcpl, hid_t gcpl, hid_t gapl);
extern herr_t H5Gclose(hid_t g);
extern hid_t H5Screate(int type);
extern hid_t H5Screate_simple(int rank, const hsize_t *dims, const hsize_t *maxdims);
extern herr_t H5Sclose(hid_t s);
extern hid_t H5Tcopy(hid_t t);
extern herr_t H5Tset_size(hid_t t, size_t size);
extern herr_t H5Tset_cset(hid_t t, int cset);
extern herr_t H5Tset_strpad(hid_t t, int pad);
extern hid_t H5Tenum_create(hid_t base);
extern herr_t H5Tenum_insert(hid_t t, const char *name, const void *value);
extern herr_t H5Tclose(hid_t t);
extern hid_t H5Dcreate2(hid_t loc, const char *name, hid_t type, hid_t space, hid_t lcpl,
    hid_t dcpl, hid_t dapl);
extern herr_t H5Dwrite(hid_t d, hid_t mem, hid_t mspace, hid_t fspace, hid_t xfer,
    const void *buf);
extern herr_t H5Dclose(hid_t d);
extern hid_t H5T_C_S1_g;
extern hid_t H5T_NATIVE_SCHAR_g;
extern hid_t H5T_NATIVE_LLONG_g;
extern hid_t H5T_NATIVE_DOUBLE_g;
extern hid_t H5T_STD_I64LE_g;
extern hid_t H5T_IEEE_F64LE_g;

#define H5F_ACC_TRUNC 0x0002u
#define H5P_DEFAULT 0
#define H5S_ALL 0
#define H5S_SCALAR 0
#define H5T_VARIABLE ((size_t) -1)
#define H5T_CSET_UTF8 1
#define H5T_STR_NULLPAD 1

static hid_t vlen_string(void) {
  hid_t t = H5Tcopy(H5T_C_S1_g);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

static hid_t bool_enum(void) {
  hid_t t = H5Tenum_create(H5T_NATIVE_SCHAR_g);
  signed char f = 0, tr = 1;
  H5Tenum_insert(t, "FALSE", &f);
  H5Tenum_insert(t, "TRUE", &tr);
  return t;
}

static void put_string(hid_t loc, const char *name, const char *value) {
  hid_t t = vlen_string(), s = H5Screate(H5S_SCALAR);
  hid_t d = H5Dcreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
  H5Dclose(d);
  H5Sclose(s);
  H5Tclose(t);
}

static void put_fixed_string(hid_t loc, const char *name, const char *value, size_t size) {
  char buf[64] = {0};
  strncpy(buf, value, sizeof buf - 1);
  hid_t t = H5Tcopy(H5T_C_S1_g);
  H5Tset_size(t, size);
  H5Tset_strpad(t, H5T_STR_NULLPAD);
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t d = H5Dcreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
  H5Dclose(d);
  H5Sclose(s);
  H5Tclose(t);
}

static void put_shape(hid_t loc, const char *name, long long n) {
  hsize_t dims[1] = {1};
  hid_t s = H5Screate_simple(1, dims, NULL);
  hid_t d = H5Dcreate2(loc, name, H5T_STD_I64LE_g, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, H5T_NATIVE_LLONG_g, H5S_ALL, H5S_ALL, H5P_DEFAULT, &n);
  H5Dclose(d);
  H5Sclose(s);
}

static void put_edges(hid_t loc, const char **pairs, hsize_t count) {
  hid_t t = vlen_string();
  hsize_t dims[2] = {count, 2};
  hid_t s = H5Screate_simple(2, dims, NULL);
  hid_t d = H5Dcreate2(loc, "edges", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, pairs);
  H5Dclose(d);
  H5Sclose(s);
  H5Tclose(t);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT.nir\n", argv[0]);
    return 2;
  }
  H5open();
  hid_t f = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  put_string(f, "version", "0.5.0");
  hid_t root = H5Gcreate2(f, "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_string(root, "type", "NIRGraph");
  hid_t nodes = H5Gcreate2(root, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);

  hid_t in = H5Gcreate2(nodes, "input", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_string(in, "type", "Input");
  put_shape(in, "shape", 3);
  H5Gclose(in);

  /* A Threshold whose threshold is a numpy bool array, with boolean metadata. */
  hid_t thr = H5Gcreate2(nodes, "thr", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_string(thr, "type", "Threshold");
  hid_t be = bool_enum();
  signed char flags[3] = {1, 0, 1};
  hsize_t three[1] = {3};
  hid_t s3 = H5Screate_simple(1, three, NULL);
  hid_t d = H5Dcreate2(thr, "threshold", be, s3, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, be, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags);
  H5Dclose(d);
  H5Sclose(s3);
  hid_t meta = H5Gcreate2(thr, "metadata", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  signed char yes = 1;
  hid_t sc = H5Screate(H5S_SCALAR);
  d = H5Dcreate2(meta, "spiking", be, sc, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, be, H5S_ALL, H5S_ALL, H5P_DEFAULT, &yes);
  H5Dclose(d);
  H5Sclose(sc);
  H5Gclose(meta);
  H5Tclose(be);
  H5Gclose(thr);

  /* A subgraph without edges: h5py stores np.array([]) as a (0,) float64 dataset. */
  hid_t sub = H5Gcreate2(nodes, "sub", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_string(sub, "type", "NIRGraph");
  hid_t subnodes = H5Gcreate2(sub, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t only = H5Gcreate2(subnodes, "only", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_string(only, "type", "Scale");
  double two = 2.0;
  sc = H5Screate(H5S_SCALAR);
  d = H5Dcreate2(only, "scale", H5T_IEEE_F64LE_g, sc, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, H5T_NATIVE_DOUBLE_g, H5S_ALL, H5S_ALL, H5P_DEFAULT, &two);
  H5Dclose(d);
  H5Sclose(sc);
  H5Gclose(only);
  H5Gclose(subnodes);
  hsize_t zero[1] = {0};
  hid_t s0 = H5Screate_simple(1, zero, NULL);
  d = H5Dcreate2(sub, "edges", H5T_IEEE_F64LE_g, s0, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose(d);
  H5Sclose(s0);
  H5Gclose(sub);

  /* numpy bytes_ (fixed-length, null-padded) rather than a variable-length string. */
  hid_t out = H5Gcreate2(nodes, "output", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  put_fixed_string(out, "type", "Output", 6);
  put_shape(out, "shape", 3);
  H5Gclose(out);
  H5Gclose(nodes);

  const char *pairs[4] = {"input", "thr", "thr", "output"};
  put_edges(root, pairs, 2);
  H5Gclose(root);
  return H5Fclose(f) < 0;
}
