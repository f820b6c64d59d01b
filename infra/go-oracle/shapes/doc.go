// Package shapes holds stand-ins for the OpenKruise structs whose %#v
// appears in validation messages. fmt prints a struct as
// <package name>.<type name>{<field>:<value>, …} in declaration order, and a
// pointer field as (*<type>)(<address>) or (*<type>)(nil), so a stand-in with
// the same package name, type name, field names and field types prints what
// OpenKruise prints (kruise@v1.7.4:apis/apps/{v1alpha1,v1beta1,pub}).
package shapes
