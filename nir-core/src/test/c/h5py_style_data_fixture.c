/*
 * Writes h5py_style_data.h5, a NIRData file laid out as nir.write_data (h5py) writes it:
 * __type__ attributes as variable-length strings, spikes as an enum-bool (2, 3, 2) array, an
 * EventData and a ValuedEventData observable, and a nested NIRGraphData.
 *
 * Declares the few HDF5 1.10 C functions it uses itself, so only the runtime library is needed:
 *   gcc -o /tmp/data_fixture h5py_style_data_fixture.c \
 *       /usr/lib/x86_64-linux-gnu/libhdf5_serial.so.103
 *   /tmp/data_fixture ../resources/org/nirfpga/nir/hdf5/h5py_style_data.h5
 */
#include <stdint.h>
#include <stdio.h>

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
extern hid_t H5Tenum_create(hid_t base);
extern herr_t H5Tenum_insert(hid_t t, const char *name, const void *value);
extern herr_t H5Tclose(hid_t t);
extern hid_t H5Dcreate2(hid_t loc, const char *name, hid_t type, hid_t space, hid_t lcpl,
    hid_t dcpl, hid_t dapl);
extern herr_t H5Dwrite(hid_t d, hid_t mem, hid_t mspace, hid_t fspace, hid_t xfer,
    const void *buf);
extern herr_t H5Dclose(hid_t d);
extern hid_t H5Acreate2(hid_t loc, const char *name, hid_t type, hid_t space, hid_t acpl,
    hid_t aapl);
extern herr_t H5Awrite(hid_t a, hid_t mem, const void *buf);
extern herr_t H5Aclose(hid_t a);
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

static void attr_string(hid_t loc, const char *name, const char *value) {
  hid_t t = H5Tcopy(H5T_C_S1_g);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, t, &value);
  H5Aclose(a);
  H5Sclose(s);
  H5Tclose(t);
}

static void attr_double(hid_t loc, const char *name, double value) {
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, H5T_IEEE_F64LE_g, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_DOUBLE_g, &value);
  H5Aclose(a);
  H5Sclose(s);
}

static void attr_long(hid_t loc, const char *name, long long value) {
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, H5T_STD_I64LE_g, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_LLONG_g, &value);
  H5Aclose(a);
  H5Sclose(s);
}

static void put(hid_t loc, const char *name, hid_t file_type, hid_t mem_type, int rank,
    const hsize_t *dims, const void *buf) {
  hid_t s = H5Screate_simple(rank, dims, NULL);
  hid_t d = H5Dcreate2(loc, name, file_type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
  H5Dclose(d);
  H5Sclose(s);
}

static hid_t group(hid_t loc, const char *name, const char *type) {
  hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (type) {
    attr_string(g, "__type__", type);
  }
  return g;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT.h5\n", argv[0]);
    return 2;
  }
  H5open();
  hid_t f = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  attr_string(f, "__type__", "NIRGraphData");
  hid_t nodes = group(f, "nodes", NULL);

  hid_t lif = group(nodes, "lif", "NIRNodeData");
  hid_t obs = group(lif, "observables", NULL);
  hid_t spikes = group(obs, "spikes", "TimeGriddedData");
  hid_t be = H5Tenum_create(H5T_NATIVE_SCHAR_g);
  signed char no = 0, yes = 1;
  H5Tenum_insert(be, "FALSE", &no);
  H5Tenum_insert(be, "TRUE", &yes);
  signed char grid[12] = {0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1};
  hsize_t gdims[3] = {2, 3, 2};
  put(spikes, "data", be, be, 3, gdims, grid);
  attr_double(spikes, "dt", 1e-3);
  H5Tclose(be);
  H5Gclose(spikes);
  hid_t v = group(obs, "v", "TimeGriddedData");
  double volts[12] = {0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1, 1.1};
  put(v, "data", H5T_IEEE_F64LE_g, H5T_NATIVE_DOUBLE_g, 3, gdims, volts);
  attr_double(v, "dt", 1e-3);
  H5Gclose(v);
  H5Gclose(obs);
  H5Gclose(lif);

  hid_t sub = group(nodes, "sub", "NIRGraphData");
  hid_t subnodes = group(sub, "nodes", NULL);
  hid_t out = group(subnodes, "out", "NIRNodeData");
  hid_t oobs = group(out, "observables", NULL);
  long long idx[4] = {0, 2, 1, -1};
  double time[4] = {0.001, 0.002, 0.0015, 1.0 / 0.0};
  double value[4] = {0.5, 1.5, -2, 0};
  hsize_t edims[2] = {2, 2};
  hid_t ev = group(oobs, "events", "EventData");
  put(ev, "idx", H5T_STD_I64LE_g, H5T_NATIVE_LLONG_g, 2, edims, idx);
  put(ev, "time", H5T_IEEE_F64LE_g, H5T_NATIVE_DOUBLE_g, 2, edims, time);
  attr_long(ev, "n_neurons", 3);
  attr_double(ev, "t_max", 0.003);
  H5Gclose(ev);
  hid_t vev = group(oobs, "valued", "ValuedEventData");
  put(vev, "idx", H5T_STD_I64LE_g, H5T_NATIVE_LLONG_g, 2, edims, idx);
  put(vev, "time", H5T_IEEE_F64LE_g, H5T_NATIVE_DOUBLE_g, 2, edims, time);
  put(vev, "value", H5T_IEEE_F64LE_g, H5T_NATIVE_DOUBLE_g, 2, edims, value);
  attr_long(vev, "n_neurons", 3);
  attr_double(vev, "t_max", 0.003);
  H5Gclose(vev);
  H5Gclose(oobs);
  H5Gclose(out);
  H5Gclose(subnodes);
  H5Gclose(sub);
  H5Gclose(nodes);
  return H5Fclose(f) < 0;
}
