-- The store's schema: every table of docs/data-model.md (the data contract), with keys and enumerations.
-- Money is DECIMAL(18,2) in 万元; dates are DATE; enumerations are lowercase English codes.

create table departments (
    department_id varchar primary key,
    name_zh       varchar not null,
    name_en       varchar not null
);

create table chains (
    chain_id           varchar primary key,  -- steel, aluminium, ... (the set may change by year)
    name_zh            varchar not null,
    name_en            varchar not null,
    lead_department_id varchar not null references departments (department_id),
    sort_order         integer not null,
    leader_zh          varchar,            -- the responsible city leader (市领导联系机制)
    color              varchar             -- one colour per chain on every chart
);

create table chain_nodes (
    node_id  varchar primary key,
    chain_id varchar not null references chains (chain_id),
    segment  varchar not null check (segment in ('upstream', 'midstream', 'downstream')),
    name_zh  varchar not null,
    name_en  varchar not null
);

create table chain_links (
    from_node_id varchar not null references chain_nodes (node_id),
    to_node_id   varchar not null references chain_nodes (node_id),
    primary key (from_node_id, to_node_id)
);

create table parks (
    park_id           varchar primary key,
    name_zh           varchar not null,
    name_en           varchar not null,
    lon               double not null,
    lat               double not null,
    available_land_ha decimal(18, 2)
);

create table companies (
    company_id  varchar primary key,
    name_zh     varchar not null,
    province    varchar not null,
    city        varchar not null,
    ownership   varchar not null check (ownership in ('central_soe', 'local_soe', 'private', 'foreign', 'other')),
    size        varchar not null check (size in ('large', 'medium', 'small', 'micro')),
    chain_id    varchar references chains (chain_id),
    node_id     varchar references chain_nodes (node_id),
    is_local    boolean not null,
    -- for search by pinyin (zsgt/pinyin.py computes both when the row is written):
    name_pinyin   varchar,            -- 'huaweijishuyouxiangongsi' for 华为技术有限公司
    name_initials varchar             -- 'hwjsyxgs'
);

create table target_companies (
    company_id          varchar primary key references companies (company_id),
    priority            varchar not null check (priority in ('a', 'b', 'c')),
    status              varchar not null
        check (status in ('not_contacted', 'contacted', 'visited', 'negotiating', 'signed', 'dropped')),
    owner_department_id varchar not null references departments (department_id),
    last_contact_date   date
);

create table funds (
    fund_id      varchar primary key,
    name_zh      varchar not null,
    kind         varchar not null check (kind in ('guidance', 'industry', 'special', 'venture')),
    size_wan     decimal(18, 2) not null,
    invested_wan decimal(18, 2) not null
);

create table projects (
    project_id          varchar primary key,
    name_zh             varchar not null,
    company_id          varchar not null references companies (company_id),
    chain_id            varchar not null references chains (chain_id),
    node_id             varchar references chain_nodes (node_id),
    department_id       varchar not null references departments (department_id),
    park_id             varchar references parks (park_id),
    stage               varchar not null
        check (stage in ('lead', 'negotiating', 'signed', 'procedures', 'started', 'operational',
                         'stalled', 'cancelled')),
    signed_date         date,
    contract_amount_wan decimal(18, 2),
    fixed_asset_wan     decimal(18, 2),
    planned_start_date  date,
    actual_start_date   date,
    operational_date    date,
    fund_id             varchar references funds (fund_id),
    referrer            varchar,
    stage_since         date,               -- when the project entered its current stage
    -- a signed project has a contract amount: the fund-arrival rate divides its arrivals by it
    check (signed_date is null or contract_amount_wan is not null)
);

create table project_quarters (
    project_id        varchar not null references projects (project_id),
    year              integer not null,
    quarter           integer not null check (quarter between 1 and 4),
    funds_arrived_wan decimal(18, 2) not null,
    primary key (project_id, year, quarter)
);

create table targets (
    year     integer not null,
    quarter  integer check (quarter between 1 and 4),
    scope    varchar not null check (scope in ('city', 'chain', 'department')),
    scope_id varchar,
    metric   varchar not null,
    value    decimal(18, 4) not null,
    check ((scope = 'city') = (scope_id is null))
);
-- one row per period, scope and metric (a whole-year target has no quarter, a city target no
-- scope_id: a plain unique key would let those repeat, since nulls are distinct)
create unique index targets_key on targets (year, coalesce(quarter, 0), scope, coalesce(scope_id, ''), metric);

create table tasks (
    task_id       varchar primary key,
    project_id    varchar not null references projects (project_id),
    list          varchar not null check (list in ('blue', 'red')),
    title         varchar not null,
    department_id varchar not null references departments (department_id),
    opened_date   date not null,
    due_date      date not null,
    closed_date   date
);

create table fund_investments (
    fund_id       varchar not null references funds (fund_id),
    project_id    varchar not null references projects (project_id),
    amount_wan    decimal(18, 2) not null,
    invested_date date not null,
    primary key (fund_id, project_id)
);

create table resources (
    resource_id varchar primary key,
    name_zh     varchar not null,
    kind        varchar not null
        check (kind in ('mineral', 'energy', 'land', 'byproduct', 'water', 'logistics', 'tourism')),
    quantity    decimal(18, 2) not null,
    unit        varchar not null,
    lon         double,
    lat         double,
    park_id     varchar references parks (park_id)
);

create table resource_uses (
    resource_id varchar not null references resources (resource_id),
    chain_id    varchar not null references chains (chain_id),
    node_id     varchar references chain_nodes (node_id)
);

create table opportunities (
    opportunity_id varchar primary key,
    name_zh        varchar not null,
    chain_id       varchar not null references chains (chain_id),
    node_id        varchar references chain_nodes (node_id),
    park_id        varchar references parks (park_id),
    resource_id    varchar references resources (resource_id),
    investment_wan decimal(18, 2) not null
);

create table activities (
    activity_id   varchar primary key,
    activity_date date not null,
    direction     varchar not null check (direction in ('inbound', 'outbound')),
    leader_level  varchar not null check (leader_level in ('principal', 'city_leader', 'department')),
    department_id varchar not null references departments (department_id),
    counterpart   varchar,
    chain_id      varchar references chains (chain_id)
);

-- Store metadata: whether this is demo data, when and how it was built.
create table store_info (
    key   varchar primary key,
    value varchar not null
);

insert into store_info values ('schema_version', '19');  -- zsgt.store.SCHEMA_VERSION

-- == macros == (zsgt.store.upgrade re-runs everything below on an existing store)
-- Tables added after a store's first version are created here, `if not exists`, so that upgrade
-- adds them (empty) to an older store.

-- A target company's status over time (目标企业状态变更): one row per change, the status it took on
-- since_date. A status change is a contact: target_companies.last_contact_date is the latest. A
-- company with no rows here is read with its current status (target_companies.status) at every date.
create table if not exists target_status_history (
    company_id varchar not null,  -- a target_companies row (no foreign key: created also on loaded stores)
    status     varchar not null
        check (status in ('not_contacted', 'contacted', 'visited', 'negotiating', 'signed', 'dropped')),
    since_date date not null,
    primary key (company_id, since_date)
);
-- Derived from target_status_history, target_companies and companies, never written by hand: each
-- target company's statuses as date ranges, so that targets_at reads the one range holding its date
-- instead of aggregating all the history on every call, with the company's own columns beside them,
-- so that the target-company lists and counts read this one table and join nothing (at a million
-- companies the join on company_id was most of their time). One row per change (its status from
-- since_date up to the next change), and one per target from the beginning (since_date null): before
-- its first change ('not_contacted'), or, for a target with no history rows, its current status at
-- every date (until_date null too). zsgt.store.refresh_derived rebuilds it from
-- target_status_spans_of() below; the importer, the store generators and `make upgrade-store` call
-- it (upgrade drops it first, so a store of an earlier version gets its new columns), and the data
-- check target_status_history.spans_current compares the two, every column.
create table if not exists target_status_spans (
    company_id   varchar not null,
    status       varchar not null,
    since_date   date,     -- the change's day (inclusive); null = from the beginning
    until_date   date,     -- the next change's day (exclusive); null = still the status
    contact_date date,     -- the latest contact by since_date (a change to a status other than not_contacted)
    -- the target's and the company's current columns (target_companies, companies), as they are now:
    priority            varchar,
    owner_department_id varchar,
    current_contact_date date,  -- target_companies.last_contact_date (targets_at reads it when it is by its date)
    name_zh       varchar,
    name_pinyin   varchar,
    name_initials varchar,
    province      varchar,
    city          varchar,
    ownership     varchar,
    size          varchar,
    chain_id      varchar,
    node_id       varchar,
    is_local      boolean
);

-- The import audit (zsgt.importer): one row per import or restore, and one per table it wrote.
-- Below the marker, "if not exists", so `make upgrade-store` adds them to an older store.
create table if not exists import_log (
    import_id varchar primary key,
    imported_at timestamp not null,       -- when the import was written (local time)
    user_name varchar not null,           -- who: the OS user, or the signed-in user once login exists
    files     varchar not null,           -- the file names, joined by '；'
    sha256    varchar not null,           -- each file's SHA-256, in the same order
    outcome   varchar not null check (outcome in ('imported', 'restored')),
    note      varchar
);
create table if not exists import_log_tables (
    import_id  varchar not null,  -- an import_log row (no foreign key: created also on loaded stores)
    table_name varchar not null,
    inserted   integer not null,
    updated    integer not null,
    deleted    integer not null,
    primary key (import_id, table_name)
);
-- Shared building blocks of the named queries, kept once here so every query means the same.
-- A period is a year ($quarter null) or one quarter of it.
create or replace macro period_start(y, q) as make_date(y, coalesce(3 * q - 2, 1), 1);
create or replace macro period_end(y, q) as last_day(make_date(y, coalesce(3 * q, 12), 1));
-- A quarter as one number, quarter_index = year * 4 + quarter - 1 (2026Q3 = 8106): quarters compare and
-- step as integers, and a filter on project_quarters' stored year and quarter needs no date per row.
create or replace macro quarter_index(y, q) as y * 4 + q - 1;
-- Funds arrived by date d are those of the quarters ended by d: up to last_quarter_by(d), the quarter
-- ending on d when d is a quarter's last day, else the quarter before d's (a quarter_index; computed
-- once per date, then compared with quarter_index(year, quarter) of each project_quarters row).
create or replace macro last_quarter_by(d) as
    quarter_index(year(d::date), quarter(d::date)) - (d::date < period_end(year(d::date), quarter(d::date)))::integer;
-- The period and the same period a year earlier, each with its as-of date (default: the period's
-- end). A period is read up to its as-of date: a year picked while its data runs to 30 September is
-- January-September, and is compared with January-September of the year before.
-- period_as_of is the current period's as-of date alone, as a value: a query handing it to targets_at
-- gets a constant date, which DuckDB pushes into the scan of target_status_spans (a date read from
-- periods() in a subquery made it join every span instead).
create or replace macro period_as_of(y, q, as_of) as coalesce(as_of::date, period_end(y, q));
create or replace macro periods(y, q, as_of) as table
    select 'cur' as which, period_start(y, q) as start_date,
           least(period_end(y, q), period_as_of(y, q, as_of)) as end_date,
           period_as_of(y, q, as_of) as as_of
    union all
    select 'prev', period_start(y - 1, q),
           least(period_end(y - 1, q), coalesce((as_of::date - interval 1 year)::date, period_end(y - 1, q))),
           coalesce((as_of::date - interval 1 year)::date, period_end(y - 1, q));
-- Row-level scope: the whole city, one chain, or one department. scope_id may name several, comma
-- separated ('aluminium,steel'): the fence of a chain owner of two chains (zsgt.access.params_for).
-- (Text, not list_contains(string_split(...)): on DuckDB 2.0.1 that filter sometimes let every row
-- through, more often with queries on other threads; tests/test_access.py runs it from threads.)
create or replace macro scope_has(scope_id, id) as position(',' || id || ',' in ',' || scope_id || ',') > 0;
create or replace macro in_scope(scope, scope_id, chain_id, department_id) as
    scope = 'city'
    or (scope = 'chain' and scope_has(scope_id, chain_id))
    or (scope = 'department' and scope_has(scope_id, department_id));
-- Rows that belong to a chain only (nodes, links, opportunities): a chain scope sees its own chain's,
-- the city and a department see them all. Likewise for rows that belong to a department only.
create or replace macro in_chain_scope(scope, scope_id, chain_id) as scope != 'chain' or scope_has(scope_id, chain_id);
create or replace macro in_department_scope(scope, scope_id, department_id) as
    scope != 'department' or scope_has(scope_id, department_id);
-- A chain's colour on every chart: chains.color when it is a #RRGGBB colour, else (a store built to
-- the contract alone leaves it null) a fixed palette by the chain's place in sort_order.
create or replace macro chain_color(id) as (
    -- own names inside: a macro's argument is pasted in, so `c.chain_id` must still mean the caller's
    select case when regexp_full_match(coalesce(chain_color_row.color, ''), '#[0-9A-Fa-f]{6}')
                then chain_color_row.color
                else ['#4E79A7', '#F28E2B', '#59A14F', '#E15759', '#76B7B2', '#EDC948', '#B07AA1', '#FF9DA7',
                      '#9C755F', '#BAB0AC'][(chain_color_row.place - 1) % 10 + 1]
           end
    from (select chain_id as chain_color_id, color, row_number() over (order by sort_order, chain_id) as place
          from chains) as chain_color_row
    where chain_color_row.chain_color_id = id
    order by chain_color_row.place
    limit 1  -- a repeated chain_id (a data check flags it) takes its first colour
);
-- Year on year = value / value a year earlier − 1 (null when there is nothing to compare with).
create or replace macro yoy(cur, prev) as case when prev is null or prev = 0 then null else cur / prev - 1 end;
-- == as of a date ==
-- One rule for every page: a figure shown for an as-of date d reads the world as it stood at d, never
-- today's columns. A project's stage, whether it operates or is cancelled, a task's state and a target
-- company's status are read through these macros.

-- A date as known at d: the date when it is on or before d, else null (it had not happened yet).
create or replace macro known_by(x, d) as case when x <= d then x end;
-- A project has stalled or been cancelled by d when it is in that stage now and entered it (stage_since)
-- by d; a store without stage_since is read with the current stage at every date.
create or replace macro is_cancelled_at(stage, stage_since, d) as
    coalesce(stage = 'cancelled' and coalesce(stage_since <= d, true), false);
-- A project's stage at date d (the pipeline's rule): stalled or cancelled if it entered that stage by d;
-- else operational / started / signed by their dates; procedures, lead or negotiating if it is in that
-- stage now and entered it by d; null if it was not yet known at d. The store keeps only the current
-- stage and its date: a project that left procedures, lead, negotiating or stalled reads, before its
-- current stage, as its dates say (signed, or not yet known).
create or replace macro stage_at(stage, stage_since, signed_date, actual_start_date, operational_date, d) as
    case
        when stage in ('stalled', 'cancelled') and coalesce(stage_since <= d, true) then stage
        when operational_date <= d then 'operational'
        when actual_start_date <= d then 'started'
        when stage = 'procedures' and stage_since <= d then 'procedures'
        when signed_date <= d then 'signed'
        when stage in ('lead', 'negotiating') and stage_since <= d then stage
    end;
-- The day a project entered the stage it had at a date (`stage_then`, from stage_at; null when the
-- project was not yet known then).
create or replace macro stage_began(stage_then, stage_since, signed_date, actual_start_date, operational_date) as
    case
        when stage_then = 'operational' then operational_date
        when stage_then = 'started' then actual_start_date
        when stage_then = 'signed' then signed_date
        when stage_then is not null then stage_since
    end;
-- 投产/在建 "operating" at d: the project's stage at d is started or operational (it had started by d
-- and had not stalled or been cancelled by then).
create or replace macro is_operating_at(stage, stage_since, actual_start_date, operational_date, d) as
    coalesce(stage_at(stage, stage_since, null, actual_start_date, operational_date, d) in ('started', 'operational'),
             false);
-- 逾期未开工 at date d: signed by d, not started by d, planned start passed, not cancelled by d.
create or replace macro is_late_to_start(stage, stage_since, signed_date, planned_start_date, actual_start_date, d) as
    signed_date <= d
    and (actual_start_date is null or actual_start_date > d)
    and planned_start_date < d
    and not is_cancelled_at(stage, stage_since, d);
-- A chain node's status 强/弱/缺失 from its operating projects and local companies: strong = at least
-- min_operating operating projects and min_local local companies; weak = either present; else missing.
create or replace macro node_status(operating, local, min_operating, min_local) as
    case
        when coalesce(operating, 0) >= min_operating and coalesce(local, 0) >= min_local then 'strong'
        when coalesce(operating, 0) > 0 or coalesce(local, 0) > 0 then 'weak'
        else 'missing'
    end;
-- A blue/red task's state at d (督办): null if not yet opened by d; 'closed_late' / 'closed_on_time' if
-- closed by d after / on or before its due date; 'overdue' if open at d past its due date; else 'open'.
create or replace macro task_state_at(opened_date, due_date, closed_date, d) as
    case
        when opened_date > d then null
        when closed_date <= d and closed_date > due_date then 'closed_late'
        when closed_date <= d then 'closed_on_time'
        when due_date < d then 'overdue'
        else 'open'
    end;
-- A target company's status spans (target_status_spans), derived from its target_status_history rows
-- (a target with none: one span, its current status), each with the target's and the company's columns.
create or replace macro target_status_spans_of() as table
    with spans as (
        select
            company_id, status, since_date,
            lead(since_date) over (partition by company_id order by since_date) as until_date,
            max(since_date) filter (status != 'not_contacted')
                over (partition by company_id order by since_date rows between unbounded preceding and current row)
                as contact_date
        from target_status_history
        union all
        select company_id, 'not_contacted', null, min(since_date), null
        from target_status_history
        group by company_id
    )
    select
        t.company_id, coalesce(s.status, t.status) as status, s.since_date, s.until_date, s.contact_date,
        t.priority, t.owner_department_id, t.last_contact_date as current_contact_date,
        c.name_zh, c.name_pinyin, c.name_initials, c.province, c.city, c.ownership, c.size, c.chain_id, c.node_id,
        c.is_local
    from target_companies as t
    join companies as c on c.company_id = t.company_id
    left join spans as s on s.company_id = t.company_id;
-- The target companies (目标企业) as they stood at d: status = the latest change in
-- target_status_history by d ('not_contacted' before its first change), last_contact_date = the
-- latest contact by d (a change other than to not_contacted, or target_companies.last_contact_date
-- when that is by d). A company with no history rows keeps its current status at every date.
-- Read as a range lookup: the one span of target_status_spans holding d (every target has exactly
-- one), so no call aggregates the history or joins companies. Also the company's columns (companies).
create or replace macro targets_at(d) as table
    select
        company_id, priority, owner_department_id, status,
        greatest(case when current_contact_date <= d then current_contact_date end, contact_date)
            as last_contact_date,
        name_zh, name_pinyin, name_initials, province, city, ownership, size, chain_id, node_id, is_local
    from target_status_spans
    where (since_date <= d or since_date is null) and (d < until_date or until_date is null);

-- The target-company list (目标企业清单) as its page filters it, kept once for the page of rows, the
-- count and the export. A null filter lets every row through; list filters take lists of codes.
-- q is matched in name_zh (literally: contains(), no wildcards), q_py (lowercase Latin,
-- zsgt.pinyin.search_terms) in the stored pinyin and initials. match_rank orders a search's hits:
-- 0 = the name, pinyin or initials is the term exactly, 1 = starts with it, 2 = holds it elsewhere
-- (0 with no search). Scope: a chain sees its companies, a department the targets it owns. A
-- target's status and last contact are those at as_of (targets_at).
create or replace macro target_matches(scope, scope_id, as_of, targets_only, chains, nodes, provinces, ownerships, sizes,
                            priorities, statuses, departments, contact_after, contact_before, q, q_py) as table
    with candidates as (
        -- the targets alone (the list's default) from targets_at, which carries the company's columns:
        -- no scan of every company, no join (the folded-away branch costs nothing: targets_only is bound)
        select
            company_id, name_zh, name_pinyin, name_initials, province, city, ownership, size, chain_id, node_id,
            is_local, true as is_target, priority, status, owner_department_id, last_contact_date
        from targets_at(as_of)
        where targets_only
        union all
        select
            c.company_id, c.name_zh, c.name_pinyin, c.name_initials, c.province, c.city, c.ownership, c.size,
            c.chain_id, c.node_id, c.is_local, t.company_id is not null, t.priority, t.status,
            t.owner_department_id, t.last_contact_date
        from companies as c
        left join targets_at(as_of) as t on t.company_id = c.company_id
        where not targets_only
    )
    select
        company_id, name_zh, name_pinyin, province, city, ownership, size, chain_id, node_id, is_local, is_target,
        priority, status, owner_department_id, last_contact_date,
        case
            when q is null then 0
            when name_zh = q or name_pinyin = q_py or name_initials = q_py then 0
            when starts_with(name_zh, q) or starts_with(name_pinyin, q_py) or starts_with(name_initials, q_py)
                then 1
            else 2
        end as match_rank
    from candidates
    where in_scope(scope, scope_id, chain_id, owner_department_id)
      and (chains is null or list_contains(chains, chain_id))
      and (nodes is null or list_contains(nodes, node_id))
      and (provinces is null or list_contains(provinces, province))
      and (ownerships is null or list_contains(ownerships, ownership))
      and (sizes is null or list_contains(sizes, size))
      and (priorities is null or list_contains(priorities, priority))
      and (statuses is null or list_contains(statuses, status))
      and (departments is null or list_contains(departments, owner_department_id))
      and (contact_after is null or last_contact_date >= contact_after)
      and (contact_before is null or last_contact_date <= contact_before)
      and (q is null or contains(name_zh, q) or contains(name_pinyin, q_py) or contains(name_initials, q_py));

-- The cohort both rates are measured on (签约项目开工率, 资金到位率), chosen in data/rates.toml (zsgt.cohort)
-- and passed to every rate query as $cohort, $cohort_base_year, $cohort_quarters:
--   'period'     signed in the period (up to the as-of date);
--   'due'        应开工: signed by the as-of date, planned start date in the period up to the as-of date
--                (a project cannot be late before its deadline);
--   'cumulative' signed from 1 January of base_year to the period's end (or the as-of date);
--   'rolling'    signed in the n_quarters quarters ending at the period's end (up to the as-of date).
-- rate_window gives the window of one row of periods() (start_date, end_date, as_of; period_end = the
-- period's last day, uncut by the as-of date) as a struct: signing dates from/to, planned start from/to
-- (null = no bound). The same definition one year earlier is the window of periods()' 'prev' row.
create or replace macro rate_window(cohort, base_year, n_quarters, start_date, end_date, period_end, as_of) as
    case cohort
        when 'period' then {'signed_from': start_date, 'signed_to': end_date,
                            'planned_from': null::date, 'planned_to': null::date}
        when 'due' then {'signed_from': null::date, 'signed_to': as_of::date,
                         'planned_from': start_date, 'planned_to': end_date}
        when 'cumulative' then {'signed_from': make_date(base_year::integer, 1, 1), 'signed_to': end_date,
                                'planned_from': null::date, 'planned_to': null::date}
        when 'rolling' then {'signed_from': (period_end + interval 1 day - to_months(3 * n_quarters::integer))::date,
                             'signed_to': end_date, 'planned_from': null::date, 'planned_to': null::date}
        else error('unknown rate cohort: ' || coalesce(cohort, 'null'))
    end;
-- Whether a project (its signing and planned start dates) is in a rate_window.
create or replace macro in_rate_window(w, signed_date, planned_start_date) as
    coalesce(signed_date >= coalesce(w.signed_from, signed_date) and signed_date <= w.signed_to
             and (w.planned_from is null or planned_start_date between w.planned_from and w.planned_to), false);
-- The period's window (which = 'cur') and the same window a year earlier ('prev'): periods() rows with
-- the rate_window w of the chosen cohort.
create or replace macro rate_windows(y, q, as_of, cohort, base_year, n_quarters) as table
    select p.*, rate_window(cohort, base_year, n_quarters, p.start_date, p.end_date,
                            period_end(y - (p.which = 'prev')::integer, q), p.as_of) as w
    from periods(y, q, as_of) as p;
-- The cohort's projects in scope (which = 'cur') and the same cohort a year earlier (which = 'prev'),
-- each with its as-of date and whether it started by then. late_projects' cohort filter and
-- rate_trend read these rows; rate_cohort adds each one's arrivals.
create or replace macro rate_members(y, q, as_of, scope, scope_id, cohort, base_year, n_quarters) as table
    select
        p.which, p.as_of, pr.project_id, pr.chain_id, pr.department_id, pr.contract_amount_wan,
        coalesce(pr.actual_start_date <= p.as_of, false) as is_started
    from rate_windows(y, q, as_of, cohort, base_year, n_quarters) as p
    join projects as pr on in_rate_window(p.w, pr.signed_date, pr.planned_start_date)
    where in_scope(scope, scope_id, pr.chain_id, pr.department_id);
-- rate_members with each project's funds arrived in the quarters ended by its as-of date
-- (last_quarter_by: one pass over project_quarters for both dates, joined on the project, not a
-- subquery per project). contract_to_start_rate, fund_arrival_rate, their grouped versions and
-- assessment_projects read these rows.
create or replace macro rate_cohort(y, q, as_of, scope, scope_id, cohort, base_year, n_quarters) as table
    with members as (
        select * from rate_members(y, q, as_of, scope, scope_id, cohort, base_year, n_quarters)
    ),
    through as (
        select
            last_quarter_by(max(p.as_of) filter (p.which = 'cur')) as cur,
            last_quarter_by(max(p.as_of) filter (p.which = 'prev')) as prev
        from periods(y, q, as_of) as p
    ),
    arrived as (
        select
            pq.project_id,
            sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.cur) as cur,
            sum(pq.funds_arrived_wan) filter (quarter_index(pq.year, pq.quarter) <= t.prev) as prev
        from project_quarters as pq, through as t
        group by pq.project_id
    )
    select
        m.which, m.project_id, m.chain_id, m.department_id, m.contract_amount_wan, m.is_started,
        coalesce(case m.which when 'cur' then a.cur else a.prev end, 0) as arrived_wan
    from members as m
    left join arrived as a on a.project_id = m.project_id;

-- Fund backing at date d, one row per project with a fund investment dated by then: fund_investments
-- is the one source (projects.fund_id is not read; a data check requires it to agree). The funds
-- are listed largest investment first.
create or replace macro fund_backing(d) as table
    select
        fi.project_id,
        string_agg(f.fund_id, '、' order by fi.amount_wan desc, f.fund_id) as fund_ids,
        string_agg(f.name_zh, '、' order by fi.amount_wan desc, f.fund_id) as funds_zh,
        string_agg(f.kind, '、' order by fi.amount_wan desc, f.fund_id) as fund_kinds,
        sum(fi.amount_wan) as fund_wan
    from fund_investments as fi
    join funds as f on f.fund_id = fi.fund_id
    where fi.invested_date <= d
    group by fi.project_id;
