#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

/* Graphviz's default id discipline gives a named object the address of its interned name as
   its id, and cgraph keeps subgraphs ordered by id, so cluster order followed the heap. This
   discipline declines the names of graphs and subgraphs: cgraph then gives them sequential
   anonymous ids and keeps the names in its internal map (agmapnametoid), so clusters stay in
   the order they were made. Used only under Portico's Graphviz lock. */
static long portico_ordered_idmap(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    if (str && objtype == AGRAPH) return 0;
    return AgIdDisc.map(state, objtype, str, id, createflag);
}

static inline Agdisc_t *portico_ordered_discipline(void) {
    static Agiddisc_t ids;
    static Agdisc_t discipline;
    static int ready = 0;
    if (!ready) {
        ids = AgIdDisc;
        ids.map = portico_ordered_idmap;
        discipline.mem = &AgMemDisc;
        discipline.id = &ids;
        discipline.io = &AgIoDisc;
        ready = 1;
    }
    return &discipline;
}
