namespace StarPlatform.Ratings.Data;

/// <summary>
/// Every unit's monthly counts recounted from the stored transactions and ratings, as rows of
/// <c>monthly_rates</c> (unit_id, month, served, rated, very_satisfied … very_dissatisfied): what
/// <c>RatesRebuild</c> writes, and what the suite's replica test compares the kept counts with (it links
/// this file, so both use the one statement).
/// </summary>
public static class RatesRecount
{
    // A rating counts in its transaction's month (ratings.month), as when it was recorded.
    public const string Sql = """
        select coalesce(t.unit_id, r.unit_id) as unit_id, coalesce(t.month, r.month) as month,
          coalesce(t.served, 0) as served, coalesce(t.rated, 0) as rated,
          coalesce(r.very_satisfied, 0) as very_satisfied, coalesce(r.satisfied, 0) as satisfied,
          coalesce(r.fairly_satisfied, 0) as fairly_satisfied, coalesce(r.dissatisfied, 0) as dissatisfied,
          coalesce(r.very_dissatisfied, 0) as very_dissatisfied
        from (select unit_id, month, count(*) as served, count(first_rated_at) as rated
              from served_transactions group by unit_id, month) t
        full join (select unit_id, month,
                     count(*) filter (where level = 'very-satisfied') as very_satisfied,
                     count(*) filter (where level = 'satisfied') as satisfied,
                     count(*) filter (where level = 'fairly-satisfied') as fairly_satisfied,
                     count(*) filter (where level = 'dissatisfied') as dissatisfied,
                     count(*) filter (where level = 'very-dissatisfied') as very_dissatisfied
                   from ratings group by unit_id, month) r
          on r.unit_id = t.unit_id and r.month = t.month
        """;
}
