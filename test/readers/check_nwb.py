"""Structural check of an NWB 2.x spike file with h5py (Debian has no pynwb): every group,
dataset and attribute the NWB core schema (nwb.file.yaml, nwb.misc.yaml) and hdmf-common require
of an NWBFile with a Units table, ISO 8601 times, each VectorIndex consistent with its column and
its `target` reference resolving to it. Prints JSON: {"problems": [...], "units": {id: [times s]},
"populations": {id: name}, "obs_intervals": [[start, end]...]}.

usage: python3 check_nwb.py file.nwb
"""
import json
import re
import sys
import uuid
from datetime import datetime

import h5py
import numpy as np

problems = []


def need(cond, what):
    if not cond:
        problems.append(what)
    return cond


def text(v):
    if isinstance(v, bytes):
        return v.decode('utf-8')
    if isinstance(v, np.ndarray) and v.shape == ():
        return text(v[()])
    return str(v)


def iso(value, where):
    s = text(value)
    try:
        t = datetime.fromisoformat(s.replace('Z', '+00:00'))
        need(t.tzinfo is not None, f'{where}: {s} has no time zone')
    except ValueError:
        need(False, f'{where}: {s} is not ISO 8601')


def typed(obj, namespace, kind):
    a = obj.attrs
    need(text(a.get('namespace', '')) == namespace, f'{obj.name}: namespace is not {namespace}')
    need(text(a.get('neurodata_type', '')) == kind, f'{obj.name}: neurodata_type is not {kind}')
    try:
        uuid.UUID(text(a['object_id']))
    except (KeyError, ValueError):
        need(False, f'{obj.name}: object_id is not a UUID')


f = h5py.File(sys.argv[1], 'r')
typed(f, 'core', 'NWBFile')
need(re.fullmatch(r'2\.\d+\.\d+', text(f.attrs.get('nwb_version', ''))), 'nwb_version is not 2.x.y')
for name in ['file_create_date', 'identifier', 'session_description', 'session_start_time', 'timestamps_reference_time']:
    need(isinstance(f.get(name), h5py.Dataset), f'/{name} is missing')
for name in ['acquisition', 'analysis', 'processing', 'stimulus', 'stimulus/presentation', 'stimulus/templates', 'general']:
    need(isinstance(f.get(name), h5py.Group), f'/{name} group is missing')
if 'file_create_date' in f:
    need(f['file_create_date'].ndim == 1, 'file_create_date is not a 1-D list')
    for k, v in enumerate(f['file_create_date'][()]):
        iso(v, f'file_create_date[{k}]')
for name in ['session_start_time', 'timestamps_reference_time']:
    if name in f:
        iso(f[name][()], name)

out = {'problems': problems}
u = f.get('units')
if need(isinstance(u, h5py.Group), '/units is missing'):
    typed(u, 'core', 'Units')
    need('description' in u.attrs, '/units has no description')
    colnames = [text(c) for c in u.attrs.get('colnames', [])]
    need('spike_times' in colnames and 'obs_intervals' in colnames, f'colnames {colnames} lack spike_times or obs_intervals')
    typed(u['id'], 'hdmf-common', 'ElementIdentifiers')
    n = len(u['id'])
    for c in colnames:
        if not need(c in u, f'column {c} is missing'):
            continue
        typed(u[c], 'hdmf-common', 'VectorData')
        need('description' in u[c].attrs, f'{c} has no description')
        if c + '_index' in u:
            ix = u[c + '_index']
            typed(ix, 'hdmf-common', 'VectorIndex')
            need(f[ix.attrs['target']].name == u[c].name, f'{c}_index.target does not resolve to {c}')
            ends = ix[:]
            need(len(ends) == n, f'{c}_index has {len(ends)} rows, id has {n}')
            need(bool(np.all(np.diff(ends.astype(np.int64)) >= 0)), f'{c}_index decreases')
            need(len(ends) == 0 or int(ends[-1]) == len(u[c]), f'{c}_index ends at {ends[-1]}, {c} has {len(u[c])}')
        else:
            need(len(u[c]) == n, f'{c} has {len(u[c])} rows, id has {n}')
    st = u['spike_times'][:]
    need(st.dtype == np.float64, 'spike_times is not float64')
    ends = u['spike_times_index'][:].astype(np.int64)
    starts = np.concatenate([[0], ends[:-1]])
    ids = u['id'][:].tolist()
    out['units'] = {str(i): st[a:b].tolist() for i, a, b in zip(ids, starts, ends)}
    need(all(bool(np.all(np.diff(st[a:b]) >= 0)) for a, b in zip(starts, ends)), 'a unit\'s spike times are not sorted')
    oi = u['obs_intervals'][:]
    need(oi.ndim == 2 and oi.shape[1] == 2, 'obs_intervals is not (n, 2)')
    out['obs_intervals'] = oi.tolist()
    if 'population' in u:
        out['populations'] = {str(i): text(p) for i, p in zip(ids, u['population'][:])}
print(json.dumps(out))
