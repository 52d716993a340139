import rules

from prima.accounts.models import User
from prima.accounts.queries import visible_unit_ids
from prima.accounts.rules import serves_customers
from prima.customers.models import Customer


@rules.predicate
def serves_this_customer(user: User, customer: Customer | None) -> bool:
    if customer is None:
        return False
    visible = set(visible_unit_ids(user))
    return user.is_superuser or any(unit.pk in visible for unit in customer.units.all())


rules.add_perm("customers.view_customer_list", serves_customers)
rules.add_perm("customers.view_customer", serves_customers & serves_this_customer)
rules.add_perm("customers.add_customer", serves_customers)
rules.add_perm("customers.change_customer", serves_customers & serves_this_customer)
rules.add_perm("customers.manage_consent", serves_customers & serves_this_customer)
