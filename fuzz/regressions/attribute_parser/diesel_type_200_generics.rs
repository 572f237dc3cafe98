#[derive(Table)]
struct Deep {
    #[column(primary_key)]
    id: i64,
    #[column(diesel_type = "a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B<a::B>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>")]
    f: String,
}
